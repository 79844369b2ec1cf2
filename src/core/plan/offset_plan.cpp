#include "core/plan/offset_plan.h"

#include <algorithm>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace orderctl::core {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kFormat = "orderctl-offset-plan";
constexpr int kVersion = 1;

Json optional_offset(const std::optional<int64_t>& offset) {
    return offset ? Json(*offset) : Json();
}

[[noreturn]] void bad_plan(const std::string& origin, const std::string& what) {
    throw Error(ErrorKind::Config, "offset plan " + origin + ": " + what,
                "a plan file is what 'orderctl offsets reset ... --export FILE' writes");
}

// An offset field: a whole number in [0, 2^63), or null when `nullable`.
std::optional<int64_t> read_offset(const Json& item, const char* key, bool nullable,
                                   const std::string& origin, const std::string& where) {
    auto found = item.find(key);
    if (found == item.end() || found->is_null()) {
        if (nullable) return std::nullopt;
        bad_plan(origin, where + ": \"" + key + "\" is missing");
    }
    if (found->is_number_unsigned()) {
        auto value = found->get<uint64_t>();
        if (value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            return static_cast<int64_t>(value);
    } else if (found->is_number_integer() && found->get<int64_t>() >= 0) {
        return found->get<int64_t>();
    }
    bad_plan(origin, where + ": \"" + key + "\" must be an offset (a whole number from 0)" +
                         (nullable ? " or null" : "") + ", not " + found->dump());
}

PlannedPartition read_partition(const Json& item, size_t index, const std::string& origin) {
    std::string where = "partitions[" + std::to_string(index) + "]";
    if (!item.is_object()) bad_plan(origin, where + " must be an object");
    PlannedPartition partition;
    auto topic = item.find("topic");
    if (topic == item.end() || !topic->is_string() || topic->get<std::string>().empty())
        bad_plan(origin, where + ": \"topic\" must be a non-empty string");
    partition.topic = topic->get<std::string>();
    auto number = item.find("partition");
    if (number == item.end() || !number->is_number_integer() || number->get<int64_t>() < 0 ||
        number->get<int64_t>() > std::numeric_limits<int32_t>::max())
        bad_plan(origin, where + ": \"partition\" must be a partition number (0 or more)");
    partition.partition = static_cast<int32_t>(number->get<int64_t>());
    where += " (" + partition.topic + ":" + std::to_string(partition.partition) + ")";
    // "current" must be there, even as null: it is what the staleness check compares with.
    if (!item.contains("current"))
        bad_plan(origin, where + ": \"current\" is missing (null when there was no commit)");
    partition.current = read_offset(item, "current", true, origin, where);
    if (!item.contains("new")) bad_plan(origin, where + ": \"new\" is missing");
    partition.target = read_offset(item, "new", true, origin, where);
    partition.log_start = read_offset(item, "log_start", true, origin, where).value_or(0);
    partition.log_end = read_offset(item, "log_end", true, origin, where).value_or(0);
    auto clamped = item.find("clamped");
    if (clamped != item.end() && !clamped->is_null()) {
        if (*clamped == "log-start")
            partition.clamped = Clamp::LogStart;
        else if (*clamped == "log-end")
            partition.clamped = Clamp::LogEnd;
        else
            bad_plan(origin, where + ": \"clamped\" must be null, \"log-start\" or \"log-end\"");
    }
    auto note = item.find("note");
    if (note != item.end() && note->is_string()) partition.note = note->get<std::string>();
    return partition;
}

}  // namespace

TopicSelection parse_topic_selection(const std::string& text) {
    TopicSelection selection;
    auto colon = text.rfind(':');
    selection.topic = text.substr(0, colon);
    auto usage = [&text](const std::string& what) {
        throw Error(ErrorKind::Usage, "--topic '" + text + "': " + what,
                    "write TOPIC or TOPIC:PARTITION,PARTITION,...");
    };
    if (selection.topic.empty()) usage("no topic name");
    if (colon == std::string::npos) return selection;
    std::string list = text.substr(colon + 1);
    if (list.empty()) usage("no partition after ':'");
    std::set<int32_t> seen;
    size_t start = 0;
    while (start <= list.size()) {
        size_t comma = list.find(',', start);
        std::string item =
            list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (item.empty() || item.size() > 10 ||
            item.find_first_not_of("0123456789") != std::string::npos)
            usage("'" + item + "' is not a partition number");
        long long number = std::stoll(item);
        if (number > std::numeric_limits<int32_t>::max())
            usage("'" + item + "' is not a partition number");
        if (seen.insert(static_cast<int32_t>(number)).second)
            selection.partitions.push_back(static_cast<int32_t>(number));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return selection;
}

std::string describe_reset(const ResetRequest& request) {
    switch (request.mode) {
        case ResetMode::ToEarliest:
            return "to-earliest";
        case ResetMode::ToLatest:
            return "to-latest";
        case ResetMode::ToOffset:
            return "to-offset " + std::to_string(request.value);
        case ResetMode::ToDatetime:
            return "to-datetime " + request.datetime;
        case ResetMode::ShiftBy:
            return "shift-by " + std::to_string(request.value);
    }
    return "";
}

std::string clamp_name(Clamp clamp) {
    switch (clamp) {
        case Clamp::LogStart:
            return "log-start";
        case Clamp::LogEnd:
            return "log-end";
        case Clamp::None:
            break;
    }
    return "";
}

int64_t clamp_offset(int64_t offset, int64_t log_start, int64_t log_end, Clamp& clamped) {
    clamped = Clamp::None;
    if (offset < log_start) {
        clamped = Clamp::LogStart;
        return log_start;
    }
    if (offset > log_end) {
        clamped = Clamp::LogEnd;
        return log_end;
    }
    return offset;
}

OffsetPlan plan_reset(const std::string& group, const ResetRequest& request,
                      const std::vector<PartitionPosition>& positions) {
    OffsetPlan plan{group, describe_reset(request), {}};
    for (const auto& position : positions) {
        PlannedPartition planned;
        planned.topic = position.topic;
        planned.partition = position.partition;
        planned.current = position.committed;
        planned.log_start = position.log_start;
        planned.log_end = position.log_end;
        std::optional<int64_t> wanted;
        switch (request.mode) {
            case ResetMode::ToEarliest:
                wanted = position.log_start;
                break;
            case ResetMode::ToLatest:
                wanted = position.log_end;
                break;
            case ResetMode::ToOffset:
                wanted = request.value;
                break;
            case ResetMode::ToDatetime:
                // No record that late: the group starts at the end, as Kafka's own tool does.
                wanted = position.offset_at_time.value_or(position.log_end);
                if (!position.offset_at_time) planned.note = "no record at or after the time";
                break;
            case ResetMode::ShiftBy:
                // Shifting needs a starting point; inventing one would move the group blindly.
                if (!position.committed) {
                    planned.note = "no committed offset to shift from; left alone";
                    break;
                }
                // Saturate instead of overflowing; the clamp brings it into the log anyway.
                if (request.value > 0 &&
                    *position.committed > std::numeric_limits<int64_t>::max() - request.value)
                    wanted = std::numeric_limits<int64_t>::max();
                else
                    wanted = *position.committed + request.value;
                break;
        }
        if (wanted)
            planned.target =
                clamp_offset(*wanted, position.log_start, position.log_end, planned.clamped);
        plan.partitions.push_back(std::move(planned));
    }
    std::sort(plan.partitions.begin(), plan.partitions.end(), [](const auto& a, const auto& b) {
        return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
    });
    return plan;
}

std::string plan_to_json(const OffsetPlan& plan) {
    Json partitions = Json::array();
    for (const auto& partition : plan.partitions) {
        std::string clamped = clamp_name(partition.clamped);
        partitions.push_back({{"topic", partition.topic},
                              {"partition", partition.partition},
                              {"current", optional_offset(partition.current)},
                              {"new", optional_offset(partition.target)},
                              {"log_start", partition.log_start},
                              {"log_end", partition.log_end},
                              {"clamped", clamped.empty() ? Json() : Json(clamped)},
                              {"note", partition.note.empty() ? Json() : Json(partition.note)}});
    }
    Json document = {{"format", kFormat},
                     {"version", kVersion},
                     {"group", plan.group},
                     {"mode", plan.mode},
                     {"partitions", partitions}};
    return document.dump(2) + "\n";
}

OffsetPlan parse_plan(std::string_view text, const std::string& origin) {
    Json document;
    try {
        document = Json::parse(text.begin(), text.end());
    } catch (const Json::exception& error) {  // parse errors, and numbers beyond a double
        // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." without the tag.
        std::string message = error.what();
        auto tag_end = message.find("] ");
        if (tag_end != std::string::npos) message.erase(0, tag_end + 2);
        bad_plan(origin, message);
    }
    if (!document.is_object()) bad_plan(origin, "must be a JSON object");
    auto format = document.find("format");
    if (format != document.end() && *format != kFormat)
        bad_plan(origin, "\"format\" is " + format->dump() + ", not \"" + kFormat + "\"");
    auto version = document.find("version");
    if (version == document.end() || !version->is_number_integer())
        bad_plan(origin, "\"version\" is missing");
    if (*version != kVersion)
        bad_plan(origin, "version " + version->dump() + " is not supported (this orderctl reads " +
                             std::to_string(kVersion) + ")");
    OffsetPlan plan;
    auto group = document.find("group");
    if (group == document.end() || !group->is_string() || group->get<std::string>().empty())
        bad_plan(origin, "\"group\" must be a non-empty string");
    plan.group = group->get<std::string>();
    auto mode = document.find("mode");
    if (mode != document.end() && mode->is_string()) plan.mode = mode->get<std::string>();
    auto partitions = document.find("partitions");
    if (partitions == document.end() || !partitions->is_array() || partitions->empty())
        bad_plan(origin, "\"partitions\" must be a non-empty array");
    std::set<std::pair<std::string, int32_t>> seen;
    for (size_t i = 0; i < partitions->size(); ++i) {
        auto partition = read_partition((*partitions)[i], i, origin);
        if (!seen.emplace(partition.topic, partition.partition).second)
            bad_plan(origin, "partition " + partition.topic + ":" +
                                 std::to_string(partition.partition) + " appears twice");
        plan.partitions.push_back(std::move(partition));
    }
    return plan;
}

OffsetPlan load_plan(const std::string& path, const std::string& hint) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Config, "cannot read offset plan " + path, hint);
    std::ostringstream text;
    text << in.rdbuf();
    return parse_plan(text.str(), path);
}

std::vector<MovedPartition> moved_since_plan(const OffsetPlan& plan,
                                             const CommittedOffsets& committed) {
    std::vector<MovedPartition> moved;
    for (const auto& partition : plan.partitions) {
        std::optional<int64_t> now;
        auto topic = committed.find(partition.topic);
        if (topic != committed.end()) {
            auto found = topic->second.find(partition.partition);
            if (found != topic->second.end()) now = found->second;
        }
        if (now != partition.current)
            moved.push_back({partition.topic, partition.partition, partition.current, now});
    }
    return moved;
}

}  // namespace orderctl::core
