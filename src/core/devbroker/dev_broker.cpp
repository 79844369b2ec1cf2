#include "core/devbroker/dev_broker.h"

#include <algorithm>

#include "core/error.h"

namespace orderctl::core {

DevBroker::DevBroker(int brokers) : brokers_(brokers) {
    char errstr[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    // The handle only hosts the mock cluster's threads; it never connects anywhere.
    rd_kafka_conf_set(conf, "log_level", "0", errstr, sizeof errstr);
    handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (handle_ == nullptr) {
        rd_kafka_conf_destroy(conf);
        throw Error(ErrorKind::Failure, std::string("cannot start the dev broker: ") + errstr);
    }
    cluster_ = rd_kafka_mock_cluster_new(handle_, brokers);
    if (cluster_ == nullptr) {
        rd_kafka_destroy(handle_);
        throw Error(ErrorKind::Failure, "cannot start the dev broker's mock cluster");
    }
}

DevBroker::~DevBroker() {
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(handle_);
}

std::string DevBroker::bootstrap_servers() const {
    return rd_kafka_mock_cluster_bootstraps(cluster_);
}

void DevBroker::create_topic(const std::string& name, int partitions) {
    // The mock cluster puts every partition's replicas on brokers 1 to 3, whatever is asked.
    const int replicas = std::min(brokers_, 3);
    rd_kafka_resp_err_t code =
        rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, replicas);
    if (code != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw Error(ErrorKind::Failure, "cannot create topic '" + name +
                                            "' on the dev broker: " + rd_kafka_err2str(code));
    // It picks each partition's leader among them at random, so six partitions on three brokers
    // leave one broker leading none a quarter of the time. Round-robin over the replicas, as
    // Kafka's own assignment does, gives each its share and the same layout on every start.
    // Each call is a round trip to the mock cluster's thread, slow on a loaded machine: with
    // one broker there is nothing to place.
    for (int partition = 0; replicas > 1 && partition < partitions; ++partition) {
        code = rd_kafka_mock_partition_set_leader(cluster_, name.c_str(), partition,
                                                  partition % replicas + 1);
        if (code != RD_KAFKA_RESP_ERR_NO_ERROR)
            throw Error(ErrorKind::Failure, "cannot place partition " + std::to_string(partition) +
                                                " of '" + name +
                                                "' on the dev broker: " + rd_kafka_err2str(code));
    }
}

}  // namespace orderctl::core
