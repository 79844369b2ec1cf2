#include "core/kafka/mock_cluster.h"

#include "core/error.h"
#include "core/kafka/sasl_plugins.h"

namespace orderctl::core::kafka {

MockCluster::MockCluster(int brokers) {
    char errstr[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    // The handle only hosts the mock cluster's threads; it never connects anywhere.
    rd_kafka_conf_set(conf, "log_level", "0", errstr, sizeof errstr);
    prepare_cyrus_sasl(false);  // PLAINTEXT
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

MockCluster::~MockCluster() {
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(handle_);
}

std::string MockCluster::bootstrap_servers() const {
    return rd_kafka_mock_cluster_bootstraps(cluster_);
}

int MockCluster::create_topic(const std::string& name, int partitions, int replicas) {
    return rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, replicas);
}

int MockCluster::set_partition_leader(const std::string& topic, int32_t partition, int32_t broker) {
    return rd_kafka_mock_partition_set_leader(cluster_, topic.c_str(), partition, broker);
}

}  // namespace orderctl::core::kafka
