// `orderctl offsets`: one snapshot of where the groups stand.
#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "commands/offsets.h"
#include "commands/offsets_view.h"
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
    int64_t worst = offsets::worst_lag(views);
    if (options.max_lag && worst > *options.max_lag)
        throw core::Error(core::ErrorKind::Partial, "a partition lags " + std::to_string(worst) +
                                                        " records, more than --max-lag " +
                                                        std::to_string(*options.max_lag));
    return cli::kExitOk;
}

}  // namespace orderctl::commands
