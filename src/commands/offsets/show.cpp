// `orderctl offsets`: one snapshot of where the groups stand; with --recommend-instances, the
// instances each group needs.
#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "commands/offsets/offsets.h"
#include "commands/offsets/recommend.h"
#include "commands/offsets/view.h"
#include "core/error.h"

namespace orderctl::commands {

int run_offsets(cli::Context& context, const OffsetsOptions& options) {
    if (options.watch_seconds) return run_offsets_watch(context, options);
    offsets::GroupReader reader(context);
    auto groups = offsets::chosen_groups(context, options, reader.admin());
    auto views = options.recommend_instances
                     ? offsets::scaling_snapshot(context, options, reader, groups)
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
            offsets::add_recommendation_row(table, first_row, result);
            offsets::note_keda_difference(view, result);
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
