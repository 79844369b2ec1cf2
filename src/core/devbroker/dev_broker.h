// The embedded dev broker: librdkafka's mock cluster, served over TCP on 127.0.0.1 so that
// other processes (orderctl, kcat) can use it. In memory, bounded retention (librdkafka keeps
// at most 5 MiB or 100,000 message sets per partition), and no admin calls such as
// CreateTopics or DescribeConfigs: topics are created here, at start.
#pragma once

#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

namespace orderctl::core {

class DevBroker {
  public:
    explicit DevBroker(int brokers);
    ~DevBroker();
    DevBroker(const DevBroker&) = delete;
    DevBroker& operator=(const DevBroker&) = delete;

    std::string bootstrap_servers() const;
    void create_topic(const std::string& name, int partitions);

  private:
    rd_kafka_t* handle_ = nullptr;
    rd_kafka_mock_cluster_t* cluster_ = nullptr;
    int brokers_;
};

}  // namespace orderctl::core
