// librdkafka's mock cluster: Kafka brokers in this process, served over TCP on 127.0.0.1 so that
// other processes can use them too. orderctl's dev broker (core/devbroker) is built on it.
#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdint>
#include <string>

namespace orderctl::core::kafka {

class MockCluster {
  public:
    // Starts `brokers` brokers; Error(Failure) when it cannot.
    explicit MockCluster(int brokers);
    ~MockCluster();
    MockCluster(const MockCluster&) = delete;
    MockCluster& operator=(const MockCluster&) = delete;

    std::string bootstrap_servers() const;
    // Each returns 0, or librdkafka's error code (error_text() says what it means).
    int create_topic(const std::string& name, int partitions, int replicas);
    int set_partition_leader(const std::string& topic, int32_t partition, int32_t broker);

  private:
    rd_kafka_t* handle_ = nullptr;
    rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

}  // namespace orderctl::core::kafka
