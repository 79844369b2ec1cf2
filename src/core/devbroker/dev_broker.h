// The embedded dev broker: librdkafka's mock cluster (core/kafka/mock_cluster.h), served over TCP
// on 127.0.0.1 so that other processes (orderctl, kcat) can use it. In memory, bounded retention
// (librdkafka keeps at most 5 MiB or 100,000 message sets per partition), and no admin calls such
// as CreateTopics or DescribeConfigs: topics are created here, at start.
#pragma once

#include <string>

#include "core/kafka/mock_cluster.h"

namespace orderctl::core {

class DevBroker {
  public:
    explicit DevBroker(int brokers);
    DevBroker(const DevBroker&) = delete;
    DevBroker& operator=(const DevBroker&) = delete;

    std::string bootstrap_servers() const;
    void create_topic(const std::string& name, int partitions);

  private:
    kafka::MockCluster cluster_;
    int brokers_;
};

}  // namespace orderctl::core
