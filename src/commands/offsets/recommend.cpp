#include "commands/offsets/recommend.h"

#include "cli/diagnostics.h"

namespace orderctl::commands::offsets {

core::scaling::ScalerSettings scaler_settings(const OffsetsOptions& options) {
    core::scaling::ScalerSettings settings;
    settings.lag_threshold = options.lag_threshold;
    settings.activation_lag_threshold = options.activation_lag_threshold;
    settings.offset_reset_policy = options.offset_reset_policy == "latest"
                                       ? core::scaling::OffsetResetPolicy::Latest
                                       : core::scaling::OffsetResetPolicy::Earliest;
    settings.scale_to_zero_on_invalid_offset = options.scale_to_zero_on_invalid_offset;
    settings.allow_idle_consumers = options.allow_idle_consumers;
    settings.limit_to_partitions_with_lag = options.limit_to_partitions_with_lag;
    settings.exclude_persistent_lag = options.exclude_persistent_lag;
    return settings;
}

std::string scaling_topic(cli::Context& context, const OffsetsOptions& options,
                          const std::string& group) {
    if (!options.topic.empty()) return options.topic;
    const auto& profile = context.profile();
    for (const char* role : {"inventory", "payment", "fulfillment"})
        if (profile.role_group(role) == group) return profile.orders_topic();
    return "";
}

std::vector<GroupView> scaling_snapshot(cli::Context& context, const OffsetsOptions& options,
                                        GroupReader& reader,
                                        const std::vector<std::string>& groups) {
    std::vector<GroupView> views;
    for (const auto& group : groups) {
        auto one = reader.snapshot({group}, scaling_topic(context, options, group));
        views.push_back(std::move(one.front()));
    }
    return views;
}

core::scaling::Recommendation recommend(const GroupView& view,
                                        const core::scaling::ScalerSettings& settings,
                                        core::scaling::PreviousOffsets* memory) {
    std::vector<core::scaling::PartitionOffsets> partitions;
    for (const auto& row : view.partitions) {
        core::scaling::PartitionOffsets offsets{row.committed, row.log_end, {}};
        if (memory && settings.exclude_persistent_lag)
            memory->carry(row.topic, row.partition, offsets);
        partitions.push_back(offsets);
    }
    return core::scaling::recommend_instances(partitions, settings);
}

void add_recommendation_row(cli::Table& table, size_t first_row,
                            const core::scaling::Recommendation& result) {
    for (size_t row = first_row; row < table.rows.size(); ++row)
        table.rows[row].resize(table.headers.size());
    table.rows.back().back() = std::to_string(result.instances);  // the total row
}

void note_keda_difference(const GroupView& view, const core::scaling::Recommendation& result) {
    if (result.keda_instances != result.instances)
        cli::print_note(view.group + ": KEDA's scaler would run " +
                        std::to_string(result.keda_instances) + " instance(s) for " +
                        std::to_string(result.partitions) +
                        " partition(s) (its cap divides the lag rounding down); " +
                        std::to_string(result.instances) + " can all be busy");
}

void add_recommendation_json(cli::Json& entry, const core::scaling::Recommendation& result,
                             const OffsetsOptions& options) {
    entry["recommended_instances"] = result.instances;
    entry["scaling"] = {
        {"lag_threshold", options.lag_threshold},
        {"activation_lag_threshold", options.activation_lag_threshold},
        {"offset_reset_policy", options.offset_reset_policy},
        {"scale_to_zero_on_invalid_offset", options.scale_to_zero_on_invalid_offset},
        {"allow_idle_consumers", options.allow_idle_consumers},
        {"limit_to_partitions_with_lag", options.limit_to_partitions_with_lag},
        {"exclude_persistent_lag", options.exclude_persistent_lag},
        {"partitions", result.partitions},
        {"partitions_with_lag", result.partitions_with_lag},
        {"lag", result.total_lag},
        {"lag_with_persistent", result.total_lag_with_persistent},
        {"metric", result.metric},
        {"active", result.active},
        {"keda_instances", result.keda_instances}};
}

}  // namespace orderctl::commands::offsets
