// `orderctl offsets --watch`: the snapshot again every few seconds, with each group's trend
// (consumption rate, production rate, time to catch up) from the snapshots so far and its
// time-behind. Redraws in place on a terminal; elsewhere (a pipe, a file) appends one snapshot
// per interval. With --metrics it is also a Prometheus exporter of the groups' lag and
// time-behind; with --recommend-instances each refresh is one poll of KEDA's scaler. Ctrl-C
// ends it with exit 130.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <thread>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/signals.h"
#include "commands/offsets/offsets.h"
#include "commands/offsets/recommend.h"
#include "commands/offsets/view.h"
#include "core/metrics/group_lag_metrics.h"
#include "core/metrics/lag_trend.h"
#include "core/metrics/metrics_server.h"

namespace orderctl::commands {
namespace {

std::string utc_now_text() {
    std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

cli::Json rate_json(const std::optional<double>& rate) {
    // Records per second with one decimal: enough for a trend, stable in tests.
    return rate ? cli::Json(std::round(*rate * 10) / 10) : cli::Json();
}

std::string rate_text(const std::optional<double>& rate) {
    if (!rate) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", *rate);
    return text;
}

cli::Json trend_json(const core::LagTrend& trend) {
    return {
        {"consume_rate", rate_json(trend.consume_rate)},
        {"produce_rate", rate_json(trend.produce_rate)},
        {"catch_up_seconds",
         trend.catch_up_seconds ? cli::Json(std::llround(*trend.catch_up_seconds)) : cli::Json()},
        {"verdict", core::verdict_name(trend.verdict)}};
}

// Sleeps `seconds` in short steps so that Ctrl-C is served at once.
void wait_or_interrupt(double seconds) {
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
    while (!cli::interrupted() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

// The samples of the exporter: every partition of every group, with the role of a role group.
std::vector<core::metrics::GroupPartitionSample> lag_samples(
    cli::Context& context, const std::vector<offsets::GroupView>& views) {
    std::map<std::string, std::string> roles;  // group -> role
    for (const char* role : {"inventory", "payment", "fulfillment"})
        roles[context.profile().role_group(role)] = role;
    std::vector<core::metrics::GroupPartitionSample> samples;
    for (const auto& view : views) {
        auto role = roles.find(view.group);
        for (const auto& row : view.partitions) {
            std::optional<int64_t> lag;
            if (row.lag) lag = std::max<int64_t>(0, *row.lag);
            samples.push_back({role == roles.end() ? "" : role->second, view.group, row.topic,
                               row.partition, lag, row.time_behind});
        }
    }
    return samples;
}

}  // namespace

int run_offsets_watch(cli::Context& context, const OffsetsOptions& options) {
    cli::install_interrupt_handlers();
    const double interval = *options.watch_seconds;
    const auto format = context.output_format();
    const bool redraw = format == cli::OutputFormat::Table && ::isatty(STDOUT_FILENO);
    // The endpoint first: a bad or busy address is refused before the cluster is contacted.
    std::unique_ptr<core::metrics::GroupLagMetrics> metrics;
    std::unique_ptr<core::metrics::MetricsServer> server;
    if (!options.metrics_address.empty()) {
        metrics = std::make_unique<core::metrics::GroupLagMetrics>();
        auto* exposed = metrics.get();
        server = std::make_unique<core::metrics::MetricsServer>(
            options.metrics_address, [exposed] { return exposed->render(); });
        cli::print_note("metrics at " + server->url());
    }
    offsets::GroupReader reader(context);
    std::map<std::string, core::LagHistory> histories;
    std::map<std::string, core::scaling::PreviousOffsets> polls;  // excludePersistentLag's memory
    const auto settings = offsets::scaler_settings(options);
    const auto started = std::chrono::steady_clock::now();
    bool noted = false;
    while (!cli::interrupted()) {
        auto groups = offsets::chosen_groups(context, options, reader.admin());
        auto views = options.recommend_instances
                         ? offsets::scaling_snapshot(context, options, reader, groups)
                         : reader.snapshot(groups, options.topic);
        if (metrics) metrics->publish(lag_samples(context, views));
        const double now =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

        cli::Json data = {{"time", utc_now_text()}, {"groups", cli::Json::array()}};
        cli::Table table = offsets::offsets_table();
        for (const char* column : {"consumed/s", "produced/s", "catch-up"})
            table.headers.push_back(column);
        if (options.recommend_instances) table.headers.push_back("instances");
        for (const auto& view : views) {
            auto& history = histories.try_emplace(view.group, 60.0).first->second;
            history.add({now, view.total_committed, view.total_log_end, view.known_lag});
            auto trend = history.trend();
            cli::Json entry = offsets::group_json(view);
            entry["trend"] = trend_json(trend);
            data["groups"].push_back(entry);
            size_t first_row = table.rows.size();
            offsets::add_group_rows(table, view);
            for (size_t row = first_row; row < table.rows.size(); ++row)
                table.rows[row].resize(table.headers.size());
            if (options.recommend_instances) {
                auto result = offsets::recommend(view, settings, &polls[view.group]);
                offsets::add_recommendation_json(data["groups"].back(), result, options);
                offsets::add_recommendation_row(table, first_row, result);
                if (!noted) offsets::note_keda_difference(view, result);
            }
            // The trend belongs to the group: on its total row.
            auto& total = table.rows.back();
            const size_t trend_column = offsets::offsets_table().headers.size();
            total[trend_column] = rate_text(trend.consume_rate);
            total[trend_column + 1] = rate_text(trend.produce_rate);
            total[trend_column + 2] = trend.catch_up_seconds
                                          ? core::format_duration(*trend.catch_up_seconds)
                                          : core::verdict_name(trend.verdict);
        }
        if (redraw) {
            // Home and clear, then the whole screen at once: no flicker of half tables.
            std::cout << "\033[H\033[2J"
                      << "every " << interval << "s, " << data["time"].get<std::string>()
                      << "; Ctrl-C stops\n\n";
            cli::print_table(std::cout, table);
            std::cout.flush();
        } else if (format == cli::OutputFormat::Table) {
            std::cout << "# " << data["time"].get<std::string>() << '\n';
            cli::print_table(std::cout, table);
            std::cout << '\n';
            std::cout.flush();
        } else {
            // One snapshot per line (JSON Lines), whatever -o asked for, so a reader can follow.
            cli::print_result(cli::OutputFormat::Jsonl, cli::Json::array({data}), table);
        }
        if (!noted) offsets::note_reduced(views);  // once, not on every refresh
        noted = true;
        wait_or_interrupt(interval);
    }
    cli::print_note("stopped watching");
    return cli::kExitInterrupted;
}

}  // namespace orderctl::commands
