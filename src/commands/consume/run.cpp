// The plain consumer: records out as envelope lines; with a group, commits only what the reader
// of stdout has taken (for a pipe or a socket, the bytes that have left it).
#include <fnmatch.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/signals.h"
#include "commands/consume/consume.h"
#include "core/error.h"
#include "core/kafka/consume_loop.h"
#include "core/output/pipe_reader_progress.h"
#include "core/output/taken_offsets.h"
#include "core/record/envelope_writer.h"
#include "core/record/record_template.h"
#include "core/time_spec.h"

namespace orderctl::commands {
namespace {

using Clock = std::chrono::steady_clock;
using core::Error;
using core::ErrorKind;

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Filter {
    std::string header;  // empty: the key
    std::string glob;
};

std::vector<Filter> parse_filters(const std::vector<std::string>& specs) {
    std::vector<Filter> filters;
    for (const auto& spec : specs) {
        auto equals = spec.find('=');
        if (equals == std::string::npos)
            throw Error(ErrorKind::Usage, "--filter expects key=GLOB or header:NAME=GLOB");
        std::string what = spec.substr(0, equals);
        if (what == "key") {
            filters.push_back({"", spec.substr(equals + 1)});
        } else if (what.rfind("header:", 0) == 0 && what.size() > 7) {
            filters.push_back({what.substr(7), spec.substr(equals + 1)});
        } else {
            throw Error(ErrorKind::Usage,
                        "--filter expects key=GLOB or header:NAME=GLOB, got '" + spec + "'");
        }
    }
    return filters;
}

bool matches(const std::vector<Filter>& filters, const core::kafka::Message& message) {
    for (const auto& filter : filters) {
        auto text =
            filter.header.empty() ? message.key() : message.last_header(filter.header.c_str());
        if (!text) return false;
        if (fnmatch(filter.glob.c_str(), std::string(*text).c_str(), 0) != 0) return false;
    }
    return true;
}

// Where each partition should start when reading without a group.
int64_t start_offset(const std::string& from, int64_t timestamp_offset) {
    if (from == "earliest") return core::kafka::kOffsetBeginning;
    if (from == "latest") return core::kafka::kOffsetEnd;
    if (from[0] == '@') return timestamp_offset < 0 ? core::kafka::kOffsetEnd : timestamp_offset;
    return std::stoll(from);
}

class ConsumeSession final : core::kafka::ConsumeLoop::Worker {
  public:
    ConsumeSession(cli::Context& context, const ConsumeOptions& options);
    // The consumer goes first, while what its revoke callback touches is alive, and with that
    // callback off: an exit by error commits nothing more.
    ~ConsumeSession() override { loop_.shutdown(); }
    int run();

  private:
    cli::Context& context_;
    const ConsumeOptions& options_;
    std::vector<Filter> filters_;
    // --format: the user's line instead of the envelope (parsed before connecting).
    std::optional<core::RecordTemplate> template_;
    core::kafka::ConsumeLoop loop_;
    core::EnvelopeWriter writer_;
    std::string buffer_;
    const core::output::PipeReaderProgress stdout_{STDOUT_FILENO};
    uint64_t bytes_written_ = 0;        // to stdout, since the start
    core::output::TakenOffsets taken_;  // with a group: records out, until the reader took them
    std::map<int32_t, int64_t> taken_next_;  // per partition: next offset, taken, not committed
    uint64_t records_ = 0, commits_ = 0;
    bool output_closed_ = false;  // the reader went away, or Ctrl-C stopped a blocked write

    const std::string& topic() const { return loop_.topic(); }
    bool flush_output();
    // One measurement of the reader: what it has taken makes records committable.
    void note_taken();
    void commit();
    // At the end, before the final commit: waits while the reader keeps taking what is still
    // in the pipe.
    void wait_for_reader();
    // Where the loop starts: --partition, --from and --until.
    void start();

    // The loop's worker.
    bool proceed() override {
        return !output_closed_ && !(options_.max && records_ >= *options_.max);
    }
    void process(const core::kafka::Message& message) override;
    void idle() override { flush_output(); }
    // Retried at the next tick while a broker is away; the final commit must succeed.
    void commit_tick() override { commit(); }
    void revoked() override { commit(); }
    void warn(const std::string& text) override { cli::print_warning(text); }
};

core::kafka::ConsumeLoopSettings loop_settings(cli::Context& context,
                                               const ConsumeOptions& options) {
    core::kafka::ConsumeLoopSettings settings;
    settings.topic = options.topic.empty() ? context.profile().orders_topic() : options.topic;
    settings.group = options.group;
    settings.from_latest = options.from == "latest";
    settings.origin = "orderctl consume default";
    settings.user = context.profile().librdkafka_properties();
    settings.client = context.client_options();
    settings.idle_timeout = options.idle_timeout;
    settings.interrupted = [] { return cli::interrupted(); };
    return settings;
}

// The options of a plain consumer, checked before anything connects.
void check_options(const ConsumeOptions& options) {
    const bool group = !options.group.empty();
    for (const auto& [flag, given] : {std::pair{"--exec", !options.exec.empty()},
                                      std::pair{"--metrics", !options.metrics.empty()},
                                      std::pair{"--exactly-once", options.exactly_once}})
        if (given)
            throw Error(ErrorKind::Usage, std::string(flag) + " belongs to a role service",
                        "add --role inventory|payment|fulfillment");
    if (group && options.partition)
        throw Error(ErrorKind::Usage, "--partition and --group exclude each other",
                    "a group spreads partitions over its members itself");
    if (group && options.from != "earliest" && options.from != "latest")
        throw Error(ErrorKind::Usage,
                    "with --group, --from is earliest or latest (for a group "
                    "without committed offsets)",
                    "to move a group, use 'orderctl offsets reset'");
    if (options.from != "earliest" && options.from != "latest" && options.from[0] != '@') {
        size_t used = 0;
        long long value = -1;
        try {
            value = std::stoll(options.from, &used);
        } catch (const std::exception&) {
        }
        if (value < 0 || used != options.from.size())
            throw Error(ErrorKind::Usage,
                        "--from must be earliest, latest, an offset, @RFC3339 "
                        "or @-DURATION, got '" +
                            options.from + "'");
    }
}

core::kafka::ConsumeLoopSettings checked_settings(cli::Context& context,
                                                  const ConsumeOptions& options) {
    check_options(options);
    return loop_settings(context, options);
}

ConsumeSession::ConsumeSession(cli::Context& context, const ConsumeOptions& options)
    : context_(context),
      options_(options),
      filters_(parse_filters(options.filters)),
      template_(options.format.empty() ? std::nullopt
                                       : std::optional<core::RecordTemplate>(options.format)),
      loop_(checked_settings(context, options)) {}

bool ConsumeSession::flush_output() {
    // write(2), not stdio: bytes_written_ must be what reached the fd, to the byte.
    size_t done = 0;
    while (done < buffer_.size() && !output_closed_) {
        ssize_t n = ::write(STDOUT_FILENO, buffer_.data() + done, buffer_.size() - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
            // A short write means a signal ended a write blocked on a full pipe.
            if (done < buffer_.size() && cli::interrupted()) output_closed_ = true;
        } else if (n < 0 && errno == EAGAIN) {
            pollfd entry{STDOUT_FILENO, POLLOUT, 0};  // an fd someone made non-blocking
            poll(&entry, 1, 100);
            if (cli::interrupted()) output_closed_ = true;
        } else if (!(n < 0 && errno == EINTR && !cli::interrupted())) {
            // EPIPE: the reader went away (`| head`). What it did not take is not committed.
            output_closed_ = true;
        }
    }
    bytes_written_ += done;
    buffer_.clear();
    if (!options_.group.empty()) note_taken();
    return !output_closed_;
}

void ConsumeSession::note_taken() {
    if (!stdout_.measured()) {
        taken_.taken(bytes_written_);
        return;
    }
    // Unknown (the kernel did not answer): nothing more counts as taken.
    if (auto unread = stdout_.unread())
        taken_.taken(bytes_written_ > *unread ? bytes_written_ - *unread : 0);
}

void ConsumeSession::commit() {
    flush_output();
    if (options_.group.empty()) return;
    for (const auto& [partition, next] : taken_.take_committable()) taken_next_[partition] = next;
    if (taken_next_.empty()) return;
    loop_.consumer().store_offsets(topic(), taken_next_);
    if (loop_.consumer().commit()) ++commits_;
    taken_next_.clear();
}

void ConsumeSession::wait_for_reader() {
    if (options_.group.empty() || !stdout_.measured() || output_closed_) return;
    flush_output();
    // Bounded by the reader's progress, not by a total: a slow reader that keeps reading is
    // waited for; one that took nothing for the client timeout (--timeout) is not.
    const auto patience = context_.client_options().timeout;
    auto last_progress = Clock::now(), last_commit = Clock::now();
    uint64_t last_unread = UINT64_MAX;
    while (!cli::interrupted()) {
        auto unread = stdout_.unread();
        if (!unread || *unread == 0 || stdout_.reader_gone()) return;
        auto now = Clock::now();
        if (*unread < last_unread) {
            last_progress = now;
            last_unread = *unread;
        } else if (now - last_progress > patience) {
            char seconds[32];
            std::snprintf(seconds, sizeof seconds, "%g",
                          std::chrono::duration<double>(patience).count());
            cli::print_note(std::string("the reader took nothing for ") + seconds + " s: the " +
                            std::to_string(*unread) + " byte(s) it has not read are not committed");
            return;
        }
        if (now - last_commit > std::chrono::seconds(1)) {
            loop_.commit_tick(*this);  // what it took so far holds even if the wait is cut short
            last_commit = now;
        }
        stdout_.wait(10);
    }
}

void ConsumeSession::start() {
    const std::string& topic = loop_.topic();
    auto& consumer = loop_.consumer();
    auto partitions = loop_.partitions();
    if (options_.partition) {
        if (std::find(partitions.begin(), partitions.end(), *options_.partition) ==
            partitions.end())
            throw Error(ErrorKind::Usage, "topic '" + topic + "' has no partition " +
                                              std::to_string(*options_.partition));
        partitions = {*options_.partition};
    }
    if (options_.until == "end") {
        loop_.stop_at_end(partitions);
    } else if (!options_.until.empty()) {
        auto when = options_.until[0] == '@'
                        ? core::parse_time_spec(options_.until.substr(1), now_ms())
                        : std::nullopt;
        if (!when)
            throw Error(ErrorKind::Usage, "--until must be end, @RFC3339 or @-DURATION, got '" +
                                              options_.until + "'");
        auto stops = consumer.offsets_for_time(topic, partitions, *when);
        auto ends = consumer.end_offsets(topic, partitions);
        for (auto& [partition, offset] : stops)
            if (offset < 0) offset = ends[partition];
        loop_.stops().set(std::move(stops));
    }
    if (loop_.grouped()) {
        loop_.subscribe(*this);
        return;
    }
    std::map<int32_t, int64_t> by_time;
    if (options_.from[0] == '@') {
        auto when = core::parse_time_spec(options_.from.substr(1), now_ms());
        if (!when)
            throw Error(ErrorKind::Usage,
                        "--from time must be @RFC3339 or @-DURATION, got '" + options_.from + "'");
        by_time = consumer.offsets_for_time(topic, partitions, *when);
    }
    std::vector<core::kafka::PartitionStart> starts;
    for (int32_t partition : partitions) {
        int64_t offset =
            start_offset(options_.from, by_time.count(partition) ? by_time[partition] : -1);
        starts.push_back({partition, offset});
        // A partition already at its end needs no reading.
        if (offset >= 0) loop_.stops().reached(partition, offset);
    }
    loop_.assign(starts);
}

void ConsumeSession::process(const core::kafka::Message& message) {
    const bool group = loop_.grouped();
    if (!matches(filters_, message)) {
        // No bytes: committable once everything written before it has been taken.
        if (group)
            taken_.add(bytes_written_ + buffer_.size(), message.partition(), message.offset() + 1,
                       false);
        return;
    }
    core::ConsumedRecord record;
    record.topic = topic();
    record.partition = message.partition();
    record.offset = message.offset();
    record.timestamp_ms = message.timestamp_ms(&record.timestamp_type);
    record.key = message.key();
    record.value = message.value();
    message.for_each_header(
        [&record](std::string_view name, std::optional<std::string_view> value) {
            record.headers.emplace_back(name, value);
        });
    if (template_)
        template_->append(record, buffer_);
    else
        writer_.append(record, buffer_);
    if (group)
        taken_.add(bytes_written_ + buffer_.size(), message.partition(), message.offset() + 1,
                   true);
    ++records_;
    if (buffer_.size() > (1 << 16)) flush_output();
}

int ConsumeSession::run() {
    start();
    std::signal(SIGPIPE, SIG_IGN);
    cli::install_interrupt_handlers();
    loop_.run(*this);
    wait_for_reader();
    commit();
    loop_.close();
    const bool group = loop_.grouped();
    std::string taken;
    if (group && stdout_.measured())
        taken = "; the reader took " + std::to_string(taken_.records_taken());
    cli::print_note(
        "consumed " + std::to_string(records_) + " record(s) from " + topic() + taken +
        (group ? "; " + std::to_string(commits_) + " commit(s) for group " + options_.group : ""));
    return cli::interrupted() ? cli::kExitInterrupted : cli::kExitOk;
}

}  // namespace

int run_consume(cli::Context& context, const ConsumeOptions& options) {
    ConsumeSession session(context, options);
    return session.run();
}

}  // namespace orderctl::commands
