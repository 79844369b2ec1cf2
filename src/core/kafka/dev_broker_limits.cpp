#include "core/kafka/dev_broker_limits.h"

#include <string_view>

namespace orderctl::core::kafka {

bool is_dev_broker(Client& client) {
    // The id comes with any metadata answer. A consumer without a group asks for none by
    // itself, so one is asked for (every topic: naming one could create it).
    char* id = rd_kafka_clusterid(client.handle(), 0);
    if (id == nullptr) {
        client.metadata(nullptr);
        id = rd_kafka_clusterid(client.handle(), 1000);
    }
    const bool mock = id != nullptr && std::string_view(id).rfind("mockCluster", 0) == 0;
    if (id != nullptr) rd_kafka_mem_free(client.handle(), id);
    return mock;
}

Error not_supported_by_dev_broker(const std::string& what) {
    return Error(ErrorKind::Failure,
                 what +
                     " is not supported by the dev broker (use a real Kafka: -b HOST:PORT or "
                     "-p PROFILE)");
}

void refuse_on_dev_broker(Client& client, const std::string& what) {
    if (is_dev_broker(client)) throw not_supported_by_dev_broker(what);
}

bool dev_broker_lacks_topic(Client& client, const std::string& topic) {
    if (!is_dev_broker(client)) return false;
    auto metadata = client.metadata(nullptr);
    for (int t = 0; t < metadata->topic_cnt; ++t)
        if (topic == metadata->topics[t].topic) return false;
    return true;
}

}  // namespace orderctl::core::kafka
