#include "core/devbroker/dev_broker.h"

#include <algorithm>

#include "core/error.h"
#include "core/kafka/library.h"

namespace orderctl::core {

DevBroker::DevBroker(int brokers) : cluster_(brokers), brokers_(brokers) {}

std::string DevBroker::bootstrap_servers() const {
    return cluster_.bootstrap_servers();
}

void DevBroker::create_topic(const std::string& name, int partitions) {
    // The mock cluster puts every partition's replicas on brokers 1 to 3, whatever is asked.
    const int replicas = std::min(brokers_, 3);
    int code = cluster_.create_topic(name, partitions, replicas);
    if (code != kafka::errc::kNoError)
        throw Error(ErrorKind::Failure, "cannot create topic '" + name +
                                            "' on the dev broker: " + kafka::error_text(code));
    // It picks each partition's leader among them at random, so six partitions on three brokers
    // leave one broker leading none a quarter of the time. Round-robin over the replicas, as
    // Kafka's own assignment does, gives each its share and the same layout on every start.
    // Each call is a round trip to the mock cluster's thread, slow on a loaded machine: with
    // one broker there is nothing to place.
    for (int partition = 0; replicas > 1 && partition < partitions; ++partition) {
        code = cluster_.set_partition_leader(name, partition, partition % replicas + 1);
        if (code != kafka::errc::kNoError)
            throw Error(ErrorKind::Failure, "cannot place partition " + std::to_string(partition) +
                                                " of '" + name +
                                                "' on the dev broker: " + kafka::error_text(code));
    }
}

}  // namespace orderctl::core
