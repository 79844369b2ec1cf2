#include "commands/offsets/recommend.h"

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

core::scaling::Recommendation recommend(const GroupView& view,
                                        const core::scaling::ScalerSettings& settings) {
    std::vector<core::scaling::PartitionOffsets> partitions;
    for (const auto& row : view.partitions) partitions.push_back({row.committed, row.log_end, {}});
    return core::scaling::recommend_instances(partitions, settings);
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
        {"partitions", result.partitions},
        {"partitions_with_lag", result.partitions_with_lag},
        {"lag", result.total_lag},
        {"metric", result.metric},
        {"active", result.active},
        {"keda_instances", result.keda_instances}};
}

}  // namespace orderctl::commands::offsets
