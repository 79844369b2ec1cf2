// The consumer-group part of Admin: committed offsets and group descriptions.
#include "core/kafka/group_admin.h"
#include "core/kafka/admin.h"
#include "core/kafka/admin_request.h"

#include <algorithm>

namespace orderctl::core::kafka {

GroupOffsets Admin::committed_offsets(const std::string& group) {
    AdminRequest request(client_, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
    rd_kafka_ListConsumerGroupOffsets_t* spec =
        rd_kafka_ListConsumerGroupOffsets_new(group.c_str(), nullptr);
    rd_kafka_ListConsumerGroupOffsets(client_.handle(), &spec, 1, request.options(),
                                      request.queue());
    rd_kafka_ListConsumerGroupOffsets_destroy(spec);
    EventPtr event = request.wait("the committed offsets of group '" + group + "'");
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

struct PartitionList {
    rd_kafka_topic_partition_list_t* list;
    explicit PartitionList(int size) : list(rd_kafka_topic_partition_list_new(size)) {}
    ~PartitionList() { rd_kafka_topic_partition_list_destroy(list); }
    PartitionList(const PartitionList&) = delete;
    PartitionList& operator=(const PartitionList&) = delete;
};

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
    rd_kafka_AlterConsumerGroupOffsets_t* spec =
        rd_kafka_AlterConsumerGroupOffsets_new(group.c_str(), list.list);
    rd_kafka_AlterConsumerGroupOffsets(client_.handle(), &spec, 1, request.options(),
                                       request.queue());
    rd_kafka_AlterConsumerGroupOffsets_destroy(spec);
    EventPtr event = request.wait("the offset change of group '" + group + "'");
    size_t count = 0;
    auto groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(
        rd_kafka_event_AlterConsumerGroupOffsets_result(event.get()), &count);
    return partition_results(groups, count, group);
}

std::vector<PartitionResult> Admin::delete_group_offsets(
    const std::string& group, const std::map<std::string, std::vector<int32_t>>& partitions) {
    AdminRequest request(client_, RD_KAFKA_ADMIN_OP_DELETECONSUMERGROUPOFFSETS);
    PartitionList list(8);
    for (const auto& [topic, ids] : partitions)
        for (int32_t id : ids) rd_kafka_topic_partition_list_add(list.list, topic.c_str(), id);
    rd_kafka_DeleteConsumerGroupOffsets_t* spec =
        rd_kafka_DeleteConsumerGroupOffsets_new(group.c_str(), list.list);
    rd_kafka_DeleteConsumerGroupOffsets(client_.handle(), &spec, 1, request.options(),
                                        request.queue());
    rd_kafka_DeleteConsumerGroupOffsets_destroy(spec);
    EventPtr event = request.wait("the offset deletion of group '" + group + "'");
    size_t count = 0;
    auto groups = rd_kafka_DeleteConsumerGroupOffsets_result_groups(
        rd_kafka_event_DeleteConsumerGroupOffsets_result(event.get()), &count);
    return partition_results(groups, count, group);
}

ItemResult Admin::delete_group(const std::string& group) {
    if (!has_group_admin())
        throw Error(ErrorKind::Failure,
                    "cannot delete group '" + group + "': the cluster has no DeleteGroups");
    AdminRequest request(client_, RD_KAFKA_ADMIN_OP_DELETEGROUPS);
    rd_kafka_DeleteGroup_t* spec = rd_kafka_DeleteGroup_new(group.c_str());
    rd_kafka_DeleteGroups(client_.handle(), &spec, 1, request.options(), request.queue());
    rd_kafka_DeleteGroup_destroy(spec);
    EventPtr event = request.wait("the deletion of group '" + group + "'");
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
    PartitionList list(static_cast<int>(partitions.size()));
    for (int32_t id : partitions)
        rd_kafka_topic_partition_list_add(list.list, topic.c_str(), id)->offset = timestamp_ms;
    rd_kafka_resp_err_t code = rd_kafka_offsets_for_times(
        client_.handle(), list.list, static_cast<int>(client_.timeout().count()));
    if (code != RD_KAFKA_RESP_ERR_NO_ERROR) {
        client_.check_connection();
        if (code == RD_KAFKA_RESP_ERR__TIMED_OUT)
            throw client_.timeout_error("the offsets of '" + topic + "' for a time");
        throw Error(ErrorKind::Failure,
                    "cannot look up offsets of '" + topic + "': " + rd_kafka_err2str(code));
    }
    std::map<int32_t, int64_t> offsets;
    for (int i = 0; i < list.list->cnt; ++i) {
        const auto& entry = list.list->elems[i];
        if (entry.err)
            throw Error(ErrorKind::Failure, "cannot look up the offset of " + topic + ":" +
                                                std::to_string(entry.partition) +
                                                " for a time: " + rd_kafka_err2str(entry.err));
        offsets[entry.partition] = entry.offset;  // -1: no record at or after the time
    }
    return offsets;
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
    PartitionList list(8);
    for (const auto& [topic, ids] : partitions)
        for (int32_t id : ids) rd_kafka_topic_partition_list_add(list.list, topic.c_str(), id);
    GroupOffsets offsets;
    if (list.list->cnt == 0) return offsets;
    rd_kafka_resp_err_t code = rd_kafka_committed(consumer.handle(), list.list,
                                                  static_cast<int>(consumer.timeout().count()));
    if (code != RD_KAFKA_RESP_ERR_NO_ERROR) {
        consumer.check_connection();
        if (code == RD_KAFKA_RESP_ERR__TIMED_OUT)
            throw consumer.timeout_error("the committed offsets of group '" + group + "'");
        throw Error(ErrorKind::Failure,
                    "cannot read the offsets of group '" + group + "': " + rd_kafka_err2str(code));
    }
    for (int i = 0; i < list.list->cnt; ++i) {
        const auto& entry = list.list->elems[i];
        if (entry.err == RD_KAFKA_RESP_ERR_NO_ERROR && entry.offset >= 0)
            offsets[entry.topic][entry.partition] = entry.offset;
    }
    return offsets;
}

}  // namespace orderctl::core::kafka
