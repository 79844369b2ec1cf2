// `orderctl offsets`: one snapshot of where the groups stand.
#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "commands/offsets/offsets.h"
#include "commands/offsets/view.h"
#include "core/error.h"

namespace orderctl::commands {

int run_offsets(cli::Context& context, const OffsetsOptions& options) {
    if (options.watch_seconds) return run_offsets_watch(context, options);
    offsets::GroupReader reader(context);
    auto groups = offsets::chosen_groups(context, options, reader.admin());
    auto views = reader.snapshot(groups, options.topic);

    cli::Json data = cli::Json::array();
    cli::Table table = offsets::offsets_table();
    for (const auto& view : views) {
        data.push_back(offsets::group_json(view));
        offsets::add_group_rows(table, view);
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
