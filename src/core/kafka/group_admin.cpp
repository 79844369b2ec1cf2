// The consumer-group part of Admin: committed offsets and group descriptions.
#include "core/kafka/group_admin.h"
#include "core/kafka/admin.h"
#include "core/kafka/admin_request.h"
#include "core/kafka/dev_broker_limits.h"
#include "core/kafka/partition_list.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace orderctl::core::kafka {

// librdkafka 2.0.2 answers an OffsetFetch error that calls for a new coordinator lookup
// (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE: a cluster whose __consumer_offsets is still
// being created or loaded, a coordinator that moved) by sending that lookup to the handle's own
// consumer group, which a handle without group.id does not have: it dereferenced a null group
// and the process died with SIGSEGV (librdkafka issue #5040). `orderctl offsets` on a fresh
// cluster did. So ListConsumerGroupOffsets goes out on a consumer handle with a group.id of its
// own. It never subscribes: it joins nothing, and the lookup it is sent only finds that group's
// coordinator; the request itself then fails with the error, which the caller reports or, in
// --watch, reads again at the next refresh.
Client& Admin::group_offsets_client() {
    if (!group_offsets_client_) {
        std::vector<Setting> properties = properties_;
        const Origin origin{OriginLevel::Default, "the offsets reader"};
        properties.push_back({"group.id", "orderctl-offsets-reader", origin, false});
        properties.push_back({"enable.auto.commit", "false", origin, false});
        group_offsets_client_ =
            std::make_unique<Client>(ClientType::Consumer, properties, options_);
    }
    return *group_offsets_client_;
}

namespace {

// The coordinator errors of an OffsetFetch: a coordinator still loading the group, or one that
// moved (and __consumer_offsets being created, on a new cluster). librdkafka's admin call does
// not retry them; asked again, a moment later, the new coordinator answers.
bool coordinator_moving(rd_kafka_resp_err_t code) {
    return code == RD_KAFKA_RESP_ERR_NOT_COORDINATOR ||
           code == RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE ||
           code == RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS;
}

}  // namespace

GroupOffsets Admin::committed_offsets(const std::string& group) {
    const std::string what = "the committed offsets of group '" + group + "'";
    Client& client = group_offsets_client();
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + client.timeout();
    auto backoff = std::chrono::milliseconds(100);
    EventPtr event;
    for (;;) {
        AdminRequest request(client, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
        rd_kafka_ListConsumerGroupOffsets_t* spec =
            rd_kafka_ListConsumerGroupOffsets_new(group.c_str(), nullptr);
        rd_kafka_ListConsumerGroupOffsets(client.handle(), &spec, 1, request.options(),
                                          request.queue());
        rd_kafka_ListConsumerGroupOffsets_destroy(spec);
        event = request.wait_event(what);
        const rd_kafka_resp_err_t code = rd_kafka_event_error(event.get());
        if (code == RD_KAFKA_RESP_ERR_NO_ERROR) break;
        if (!coordinator_moving(code) || Clock::now() + backoff >= deadline)
            throw Error(ErrorKind::Failure,
                        what + " failed: " + rd_kafka_event_error_string(event.get()));
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
    }
    size_t count = 0;
    const rd_kafka_group_result_t** groups = rd_kafka_ListConsumerGroupOffsets_result_groups(
        rd_kafka_event_ListConsumerGroupOffsets_result(event.get()), &count);
    GroupOffsets offsets;
    for (size_t g = 0; g < count; ++g) {
        if (const rd_kafka_error_t* error = rd_kafka_group_result_error(groups[g]))
            throw Error(ErrorKind::Failure, "cannot read the offsets of group '" + group +
                                                "': " + rd_kafka_error_string(error));
        const rd_kafka_topic_partition_list_t* list = rd_kafka_group_result_partitions(groups[g]);
        for (int i = 0; list && i < list->cnt; ++i) {
            const auto& entry = list->elems[i];
            if (entry.err == RD_KAFKA_RESP_ERR_NO_ERROR && entry.offset >= 0)
                offsets[entry.topic][entry.partition] = entry.offset;
        }
    }
    return offsets;
}

GroupDescription Admin::describe_group(const std::string& group) {
    GroupDescription description;
    description.group = group;
    description.state = "unknown";
    try {
        if (!has_group_admin()) {
            description.error = "the cluster has no DescribeGroups";
            return description;
        }
        AdminRequest request(client_, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS);
        const char* names[] = {group.c_str()};
        rd_kafka_DescribeConsumerGroups(client_.handle(), names, 1, request.options(),
                                        request.queue());
        EventPtr event = request.wait("the description of group '" + group + "'");
        size_t count = 0;
        const rd_kafka_ConsumerGroupDescription_t** groups =
            rd_kafka_DescribeConsumerGroups_result_groups(
                rd_kafka_event_DescribeConsumerGroups_result(event.get()), &count);
        for (size_t g = 0; g < count; ++g) {
            if (const rd_kafka_error_t* error =
                    rd_kafka_ConsumerGroupDescription_error(groups[g])) {
                description.error = rd_kafka_error_string(error);
                continue;
            }
            description.state = rd_kafka_consumer_group_state_name(
                rd_kafka_ConsumerGroupDescription_state(groups[g]));
            size_t members = rd_kafka_ConsumerGroupDescription_member_count(groups[g]);
            for (size_t m = 0; m < members; ++m) {
                const rd_kafka_MemberDescription_t* member =
                    rd_kafka_ConsumerGroupDescription_member(groups[g], m);
                GroupMember entry{rd_kafka_MemberDescription_client_id(member),
                                  rd_kafka_MemberDescription_host(member),
                                  rd_kafka_MemberDescription_consumer_id(member),
                                  {}};
                const rd_kafka_topic_partition_list_t* assigned =
                    rd_kafka_MemberAssignment_partitions(
                        rd_kafka_MemberDescription_assignment(member));
                for (int i = 0; assigned && i < assigned->cnt; ++i)
                    entry.assignment.emplace_back(assigned->elems[i].topic,
                                                  assigned->elems[i].partition);
                description.members.push_back(std::move(entry));
            }
        }
    } catch (const Error& error) {
        // The embedded dev broker lacks DescribeGroups: offsets and lag still make sense.
        if (error.kind() == ErrorKind::Unreachable) client_.check_connection();
        description.error = error.what();
    }
    return description;
}

}  // namespace orderctl::core::kafka

namespace orderctl::core::kafka {
namespace {

// Per-partition outcomes of a group result; a group-level error applies to every partition.
std::vector<PartitionResult> partition_results(const rd_kafka_group_result_t** groups, size_t count,
                                               const std::string& group) {
    std::vector<PartitionResult> results;
    for (size_t g = 0; g < count; ++g) {
        if (const rd_kafka_error_t* error = rd_kafka_group_result_error(groups[g])) {
            if (rd_kafka_error_code(error) != RD_KAFKA_RESP_ERR_NO_ERROR)
                throw Error(ErrorKind::Failure, "group '" + group +
                                                    "': " + rd_kafka_error_string(error) + " (" +
                                                    error_name(rd_kafka_error_code(error)) + ")");
        }
        const rd_kafka_topic_partition_list_t* list = rd_kafka_group_result_partitions(groups[g]);
        for (int i = 0; list && i < list->cnt; ++i) {
            const auto& entry = list->elems[i];
            PartitionResult result{entry.topic, entry.partition, entry.err, ""};
            if (entry.err) result.message = rd_kafka_err2str(entry.err);
            results.push_back(std::move(result));
        }
    }
    return results;
}

// Sends a group-offsets request (alter or delete) for the partitions in `list` and returns its
// per-partition results: librdkafka's calls to make, send and free the request, and to read the
// result event's groups.
template <typename Make, typename Send, typename Destroy, typename ResultOf, typename GroupsOf>
std::vector<PartitionResult> group_offsets_call(AdminRequest& request, const std::string& group,
                                                const PartitionList& list, const std::string& what,
                                                Make make, Send send, Destroy destroy,
                                                ResultOf result_of, GroupsOf groups_of) {
    EventPtr event = request.send_one(make(group.c_str(), list.list), send, destroy, what);
    size_t count = 0;
    const rd_kafka_group_result_t** groups = groups_of(result_of(event.get()), &count);
    return partition_results(groups, count, group);
}

}  // namespace

std::vector<GroupListing> Admin::list_groups() {
    AdminRequest request(client_, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS);
    rd_kafka_ListConsumerGroups(client_.handle(), request.options(), request.queue());
    EventPtr event = request.wait("the list of consumer groups");
    const rd_kafka_ListConsumerGroups_result_t* result =
        rd_kafka_event_ListConsumerGroups_result(event.get());
    size_t error_count = 0;
    const rd_kafka_error_t** errors =
        rd_kafka_ListConsumerGroups_result_errors(result, &error_count);
    bool unsupported = false;
    for (size_t i = 0; i < error_count; ++i)
        if (rd_kafka_error_code(errors[i]) == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE)
            unsupported = true;
    has_group_admin_ = !unsupported;
    if (unsupported) throw Error(ErrorKind::Failure, "the cluster has no ListGroups");
    // Every broker answers for the groups it coordinates: one silent broker means a partial list.
    if (error_count > 0)
        throw Error(ErrorKind::Failure, std::string("cannot list every consumer group: ") +
                                            rd_kafka_error_string(errors[0]));
    size_t count = 0;
    const rd_kafka_ConsumerGroupListing_t** listings =
        rd_kafka_ListConsumerGroups_result_valid(result, &count);
    std::vector<GroupListing> groups;
    for (size_t i = 0; i < count; ++i)
        groups.push_back(
            {rd_kafka_ConsumerGroupListing_group_id(listings[i]),
             rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupListing_state(listings[i]))});
    std::sort(groups.begin(), groups.end(),
              [](const auto& a, const auto& b) { return a.group < b.group; });
    return groups;
}

bool Admin::has_group_admin() {
    if (!has_group_admin_) {
        try {
            list_groups();
        } catch (const Error& error) {
            if (error.kind() == ErrorKind::Unreachable) throw;
            // Any other failure (a broker that did not answer, an authorization error): the
            // calls exist, and describe_group reports its own errors.
            if (!has_group_admin_) has_group_admin_ = true;
        }
    }
    return *has_group_admin_;
}

std::vector<PartitionResult> Admin::alter_group_offsets(const std::string& group,
                                                        const GroupOffsets& offsets) {
    AdminRequest request(client_, RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS);
    PartitionList list(8);
    for (const auto& [topic, partitions] : offsets)
        for (const auto& [partition, offset] : partitions)
            rd_kafka_topic_partition_list_add(list.list, topic.c_str(), partition)->offset = offset;
    return group_offsets_call(
        request, group, list, "the offset change of group '" + group + "'",
        rd_kafka_AlterConsumerGroupOffsets_new, rd_kafka_AlterConsumerGroupOffsets,
        rd_kafka_AlterConsumerGroupOffsets_destroy, rd_kafka_event_AlterConsumerGroupOffsets_result,
        rd_kafka_AlterConsumerGroupOffsets_result_groups);
}

std::vector<PartitionResult> Admin::delete_group_offsets(
    const std::string& group, const std::map<std::string, std::vector<int32_t>>& partitions) {
    refuse_on_dev_broker(client_, "deleting a group's committed offsets");
    AdminRequest request(client_, RD_KAFKA_ADMIN_OP_DELETECONSUMERGROUPOFFSETS);
    PartitionList list(8);
    for (const auto& [topic, ids] : partitions)
        for (int32_t id : ids) rd_kafka_topic_partition_list_add(list.list, topic.c_str(), id);
    return group_offsets_call(request, group, list, "the offset deletion of group '" + group + "'",
                              rd_kafka_DeleteConsumerGroupOffsets_new,
                              rd_kafka_DeleteConsumerGroupOffsets,
                              rd_kafka_DeleteConsumerGroupOffsets_destroy,
                              rd_kafka_event_DeleteConsumerGroupOffsets_result,
                              rd_kafka_DeleteConsumerGroupOffsets_result_groups);
}

ItemResult Admin::delete_group(const std::string& group) {
    refuse_on_dev_broker(client_, "deleting a group");
    if (!has_group_admin())
        throw Error(ErrorKind::Failure,
                    "cannot delete group '" + group + "': the cluster has no DeleteGroups");
    AdminRequest request(client_, RD_KAFKA_ADMIN_OP_DELETEGROUPS);
    EventPtr event =
        request.send_one(rd_kafka_DeleteGroup_new(group.c_str()), rd_kafka_DeleteGroups,
                         rd_kafka_DeleteGroup_destroy, "the deletion of group '" + group + "'");
    size_t count = 0;
    auto groups = rd_kafka_DeleteGroups_result_groups(
        rd_kafka_event_DeleteGroups_result(event.get()), &count);
    ItemResult item{group, 0, ""};
    for (size_t g = 0; g < count; ++g) {
        if (const rd_kafka_error_t* error = rd_kafka_group_result_error(groups[g])) {
            item.code = rd_kafka_error_code(error);
            item.message = rd_kafka_error_string(error);
        }
    }
    return item;
}

std::map<int32_t, int64_t> Admin::offsets_for_time(const std::string& topic,
                                                   const std::vector<int32_t>& partitions,
                                                   int64_t timestamp_ms) {
    OffsetLookupPolicy policy;
    policy.timeout_names_brokers = true;
    policy.partition_error_fails = true;
    return offsets_for_times(client_, topic, partitions, timestamp_ms, policy);
}

GroupOffsets fetch_committed(const std::vector<Setting>& properties, ClientOptions options,
                             const std::string& group,
                             const std::map<std::string, std::vector<int32_t>>& partitions) {
    std::vector<Setting> with_group = properties;
    Setting group_id;
    group_id.key = "group.id";
    group_id.value = group;
    group_id.origin = {OriginLevel::Default, "--group"};
    with_group.push_back(group_id);
    // A consumer handle only to speak OffsetFetch as that group: it never subscribes, so it
    // joins nothing and cannot disturb the group's members.
    Client consumer(ClientType::Consumer, with_group, options);
    GroupOffsets offsets;
    const int code = fetch_committed_offsets(consumer, partitions,
                                             static_cast<int>(consumer.timeout().count()), offsets);
    if (code != RD_KAFKA_RESP_ERR_NO_ERROR) {
        consumer.check_connection();
        if (code == RD_KAFKA_RESP_ERR__TIMED_OUT)
            throw consumer.timeout_error("the committed offsets of group '" + group + "'");
        throw Error(ErrorKind::Failure,
                    "cannot read the offsets of group '" + group + "': " + error_text(code));
    }
    return offsets;
}

}  // namespace orderctl::core::kafka
