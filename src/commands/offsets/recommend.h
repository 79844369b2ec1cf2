// `offsets --recommend-instances`: each group's instances by KEDA's Kafka scaler's rules
// (core/scaling/keda_kafka.h), in the table's `instances` column and JSON's
// `recommended_instances`, with the scaler's own figures beside it.
#pragma once

#include <string>

#include "cli/context.h"
#include "commands/offsets/offsets.h"
#include "commands/offsets/view.h"
#include "core/scaling/keda_kafka.h"
#include "core/scaling/previous_offsets.h"

namespace orderctl::commands::offsets {

core::scaling::ScalerSettings scaler_settings(const OffsetsOptions& options);

// The topic KEDA's trigger names for `group`: --topic, else the orders topic for a role group
// (what its ScaledObject names), else "" (every topic the group committed on, as KEDA does
// without a topic).
std::string scaling_topic(cli::Context& context, const OffsetsOptions& options,
                          const std::string& group);

// A recommendation reads the partitions of the topic the KEDA trigger names, committed or not:
// each group is read on its own topic.
std::vector<GroupView> scaling_snapshot(cli::Context& context, const OffsetsOptions& options,
                                        GroupReader& reader,
                                        const std::vector<std::string>& groups);

// With `memory` (--watch), excludePersistentLag compares with the previous refresh.
core::scaling::Recommendation recommend(const GroupView& view,
                                        const core::scaling::ScalerSettings& settings,
                                        core::scaling::PreviousOffsets* memory = nullptr);

// The table's `instances` cell on the total row of the group whose rows start at `first_row`.
void add_recommendation_row(cli::Table& table, size_t first_row,
                            const core::scaling::Recommendation& result);
// A note on stderr where KEDA's own cap would run one instance more than recommended.
void note_keda_difference(const GroupView& view, const core::scaling::Recommendation& result);

// Adds `recommended_instances` and `scaling` to a group's JSON.
void add_recommendation_json(cli::Json& entry, const core::scaling::Recommendation& result,
                             const OffsetsOptions& options);

}  // namespace orderctl::commands::offsets
