// What orderctl's dev broker (librdkafka 2.0.2's mock cluster) cannot do, said at once. Its
// handlers (rdkafka_mock_handlers.c) answer Produce, Fetch, Metadata, ListOffsets (earliest and
// latest only: a lookup by time answers -1, "no record"), OffsetFetch, OffsetCommit, the group
// protocol and the transaction calls; it has no CreateTopics, DeleteTopics, CreatePartitions,
// DescribeConfigs, AlterConfigs, OffsetDelete, DeleteGroups, ListGroups or DescribeGroups. An
// admin request it lacks would wait out the whole timeout and then blame the network, and a
// lookup by time would quietly find nothing; both are refused here instead, with exit 1.
#pragma once

#include <string>

#include "core/kafka/client.h"

namespace orderctl::core::kafka {

// True when the cluster is librdkafka's mock cluster (it names itself "mockCluster...").
bool is_dev_broker(Client& client);

// Error(Failure): "<what> is not supported by the dev broker (use a real Kafka: ...)".
Error not_supported_by_dev_broker(const std::string& what);

// Throws not_supported_by_dev_broker(what) "<what> is not supported by the dev broker (use a real
// Kafka: ...)" when `client` talks to the dev broker; does nothing on any other cluster.
void refuse_on_dev_broker(Client& client, const std::string& what);

// True on the dev broker when it has no topic `topic`. The mock cluster creates any topic that a
// Metadata request names (it ignores AllowAutoTopicCreation), so a check by name would create
// the topic it checks for: this one looks for it in the list of every topic. False elsewhere.
bool dev_broker_lacks_topic(Client& client, const std::string& topic);

}  // namespace orderctl::core::kafka
