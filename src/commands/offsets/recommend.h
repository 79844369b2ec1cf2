// `offsets --recommend-instances`: each group's instances by KEDA's Kafka scaler's rules
// (core/scaling/keda_kafka.h), in the table's `instances` column and JSON's
// `recommended_instances`, with the scaler's own figures beside it.
#pragma once

#include <string>

#include "cli/context.h"
#include "commands/offsets/offsets.h"
#include "commands/offsets/view.h"
#include "core/scaling/keda_kafka.h"

namespace orderctl::commands::offsets {

core::scaling::ScalerSettings scaler_settings(const OffsetsOptions& options);

// The topic KEDA's trigger names for `group`: --topic, else the orders topic for a role group
// (what its ScaledObject names), else "" (every topic the group committed on, as KEDA does
// without a topic).
std::string scaling_topic(cli::Context& context, const OffsetsOptions& options,
                          const std::string& group);

core::scaling::Recommendation recommend(const GroupView& view,
                                        const core::scaling::ScalerSettings& settings);

// Adds `recommended_instances` and `scaling` to a group's JSON.
void add_recommendation_json(cli::Json& entry, const core::scaling::Recommendation& result,
                             const OffsetsOptions& options);

}  // namespace orderctl::commands::offsets
