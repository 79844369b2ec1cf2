// `orderctl offsets`: one snapshot of where the groups stand; with --recommend-instances, the
// instances each group needs.
#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "commands/offsets/offsets.h"
#include "commands/offsets/recommend.h"
#include "commands/offsets/view.h"
#include "core/error.h"

namespace orderctl::commands {
namespace {

// A recommendation reads the partitions of the topic the KEDA trigger names, committed or not:
// each group is read on its own topic.
std::vector<offsets::GroupView> scaling_snapshot(cli::Context& context,
                                                 const OffsetsOptions& options,
                                                 offsets::GroupReader& reader,
                                                 const std::vector<std::string>& groups) {
    std::vector<offsets::GroupView> views;
    for (const auto& group : groups) {
        auto one = reader.snapshot({group}, offsets::scaling_topic(context, options, group));
        views.push_back(std::move(one.front()));
    }
    return views;
}

}  // namespace

int run_offsets(cli::Context& context, const OffsetsOptions& options) {
    if (options.watch_seconds) return run_offsets_watch(context, options);
    offsets::GroupReader reader(context);
    auto groups = offsets::chosen_groups(context, options, reader.admin());
    auto views = options.recommend_instances ? scaling_snapshot(context, options, reader, groups)
                                             : reader.snapshot(groups, options.topic);

    cli::Json data = cli::Json::array();
    cli::Table table = offsets::offsets_table();
    if (options.recommend_instances) table.headers.push_back("instances");
    const auto settings = offsets::scaler_settings(options);
    for (const auto& view : views) {
        cli::Json entry = offsets::group_json(view);
        size_t first_row = table.rows.size();
        offsets::add_group_rows(table, view);
        if (options.recommend_instances) {
            auto result = offsets::recommend(view, settings);
            offsets::add_recommendation_json(entry, result, options);
            for (size_t row = first_row; row < table.rows.size(); ++row)
                table.rows[row].resize(table.headers.size());
            table.rows.back().back() = std::to_string(result.instances);  // the total row
            if (result.keda_instances != result.instances)
                cli::print_note(view.group + ": KEDA's scaler would run " +
                                std::to_string(result.keda_instances) + " instance(s) for " +
                                std::to_string(result.partitions) +
                                " partition(s) (its cap divides the lag rounding down); " +
                                std::to_string(result.instances) + " can all be busy");
        }
        data.push_back(std::move(entry));
    }
    cli::print_result(context.output_format(), data, table);
    offsets::note_reduced(views);
    if (options.max_lag) {
        auto breaches = offsets::lag_breaches(views, *options.max_lag);
        for (const auto& breach : breaches) cli::print_warning(breach);
        if (!breaches.empty())
            throw core::Error(core::ErrorKind::Partial, std::to_string(breaches.size()) +
                                                            " partition(s) or group(s) over "
                                                            "--max-lag " +
                                                            std::to_string(*options.max_lag) +
                                                            "; each is named above");
    }
    return cli::kExitOk;
}

}  // namespace orderctl::commands
