// The consumer-group part of Admin: committed offsets and group descriptions.
#include "core/kafka/admin.h"
#include "core/kafka/admin_request.h"

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
