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
#include <set>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/signals.h"
#include "commands/consume/consume.h"
#include "core/error.h"
#include "core/kafka/consumer.h"
#include "core/kafka/defaults.h"
#include "core/kafka/stop_offsets.h"
#include "core/output/pipe_reader_progress.h"
#include "core/output/taken_offsets.h"
#include "core/record/envelope_writer.h"
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

bool matches(const std::vector<Filter>& filters, const rd_kafka_message_t* message) {
    for (const auto& filter : filters) {
        std::string text;
        if (filter.header.empty()) {
            if (message->key == nullptr) return false;
            text.assign(static_cast<const char*>(message->key), message->key_len);
        } else {
            rd_kafka_headers_t* headers = nullptr;
            const void* value = nullptr;
            size_t size = 0;
            if (rd_kafka_message_headers(message, &headers) ||
                rd_kafka_header_get_last(headers, filter.header.c_str(), &value, &size))
                return false;
            text.assign(static_cast<const char*>(value), size);
        }
        if (fnmatch(filter.glob.c_str(), text.c_str(), 0) != 0) return false;
    }
    return true;
}

// Where each partition should start when reading without a group.
int64_t start_offset(const std::string& from, int64_t timestamp_offset) {
    if (from == "earliest") return RD_KAFKA_OFFSET_BEGINNING;
    if (from == "latest") return RD_KAFKA_OFFSET_END;
    if (from[0] == '@') return timestamp_offset < 0 ? RD_KAFKA_OFFSET_END : timestamp_offset;
    return std::stoll(from);
}

class ConsumeSession {
  public:
    ConsumeSession(cli::Context& context, const ConsumeOptions& options);
    // The consumer goes first, while what its revoke callback touches is alive, and with that
    // callback off: an exit by error commits nothing more.
    ~ConsumeSession() {
        revoke_commits_ = false;
        consumer_.reset();
    }
    int run();

  private:
    cli::Context& context_;
    const ConsumeOptions& options_;
    std::string topic_;
    std::vector<Filter> filters_;
    std::unique_ptr<core::kafka::Consumer> consumer_;
    core::EnvelopeWriter writer_;
    std::string buffer_;
    const core::output::PipeReaderProgress stdout_{STDOUT_FILENO};
    uint64_t bytes_written_ = 0;        // to stdout, since the start
    core::output::TakenOffsets taken_;  // with a group: records out, until the reader took them
    std::map<int32_t, int64_t> taken_next_;  // per partition: next offset, taken, not committed
    bool revoke_commits_ = true;
    std::string last_commit_warning_;
    core::StopOffsets stops_;  // --until
    uint64_t records_ = 0, commits_ = 0;
    bool output_closed_ = false;  // the reader went away, or Ctrl-C stopped a blocked write

    bool flush_output();
    // One measurement of the reader: what it has taken makes records committable.
    void note_taken();
    void commit();
    // Commits now; a failure is a warning and the next try commits it (the final commit must
    // succeed, it throws).
    void commit_or_warn();
    // At the end, before the final commit: waits while the reader keeps taking what is still
    // in the pipe.
    void wait_for_reader();
    // --until end in a group: partitions other members own are done once the group's
    // committed offset reached their stop.
    void reached_by_group();
};

ConsumeSession::ConsumeSession(cli::Context& context, const ConsumeOptions& options)
    : context_(context), options_(options), filters_(parse_filters(options.filters)) {
    topic_ = options.topic.empty() ? context.profile().orders_topic() : options.topic;
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

    const bool latest = options.from == "latest";
    auto properties = core::kafka::defaults_then(
        {
            {"enable.partition.eof", "true"},  // how --until end knows a partition is done
            {"enable.auto.commit", "false"},   // commits happen after output is written
            {"enable.auto.offset.store", "false"},
            {"auto.offset.reset", latest ? "latest" : "earliest"},
            core::kafka::kConsumerFetchAhead,
            // librdkafka 2.0.2 wants a group.id even to assign partitions; without --group
            // nothing is ever committed under it, and explicit start offsets mean it is never
            // asked either.
            {"group.id", group ? options.group : "orderctl-reader"},
        },
        "orderctl consume default", context.profile().librdkafka_properties());
    consumer_ = std::make_unique<core::kafka::Consumer>(properties, context.client_options());
}

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

void ConsumeSession::reached_by_group() {
    if (!stops_.active()) return;
    for (const auto& [partition, next] : consumer_->committed(topic_, stops_.unfinished(), 2000))
        stops_.reached(partition, next);
}

void ConsumeSession::commit() {
    flush_output();
    if (options_.group.empty()) return;
    for (const auto& [partition, next] : taken_.take_committable()) taken_next_[partition] = next;
    if (taken_next_.empty()) return;
    consumer_->store_offsets(topic_, taken_next_);
    if (consumer_->commit()) ++commits_;
    taken_next_.clear();
}

void ConsumeSession::commit_or_warn() {
    try {
        commit();
    } catch (const Error& error) {
        if (error.what() != last_commit_warning_)
            cli::print_warning(std::string(error.what()) + " (retrying)");
        last_commit_warning_ = error.what();
    }
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
            commit_or_warn();  // what it took so far holds even if the wait is cut short
            last_commit = now;
        }
        stdout_.wait(10);
    }
}

int ConsumeSession::run() {
    const bool group = !options_.group.empty();
    auto partitions = consumer_->partitions(topic_);
    if (options_.partition) {
        if (std::find(partitions.begin(), partitions.end(), *options_.partition) ==
            partitions.end())
            throw Error(ErrorKind::Usage, "topic '" + topic_ + "' has no partition " +
                                              std::to_string(*options_.partition));
        partitions = {*options_.partition};
    }
    if (options_.until == "end") {
        stops_.set(consumer_->end_offsets(topic_, partitions));
    } else if (!options_.until.empty()) {
        auto when = options_.until[0] == '@'
                        ? core::parse_time_spec(options_.until.substr(1), now_ms())
                        : std::nullopt;
        if (!when)
            throw Error(ErrorKind::Usage, "--until must be end, @RFC3339 or @-DURATION, got '" +
                                              options_.until + "'");
        auto stops = consumer_->offsets_for_time(topic_, partitions, *when);
        auto ends = consumer_->end_offsets(topic_, partitions);
        for (auto& [partition, offset] : stops)
            if (offset < 0) offset = ends[partition];
        stops_.set(std::move(stops));
    }
    if (group) {
        consumer_->subscribe(topic_, [this] {
            // Inside librdkafka's C code: no exception may leave this callback.
            if (!revoke_commits_) return;
            try {
                commit();
            } catch (const std::exception& error) {
                cli::print_warning(std::string("on revocation: ") + error.what());
            }
        });
    } else {
        std::map<int32_t, int64_t> by_time;
        if (options_.from[0] == '@') {
            auto when = core::parse_time_spec(options_.from.substr(1), now_ms());
            if (!when)
                throw Error(ErrorKind::Usage, "--from time must be @RFC3339 or @-DURATION, got '" +
                                                  options_.from + "'");
            by_time = consumer_->offsets_for_time(topic_, partitions, *when);
        }
        std::vector<core::kafka::PartitionStart> starts;
        for (int32_t partition : partitions) {
            int64_t offset =
                start_offset(options_.from, by_time.count(partition) ? by_time[partition] : -1);
            starts.push_back({partition, offset});
            // A partition already at its end needs no reading.
            if (offset >= 0) stops_.reached(partition, offset);
        }
        consumer_->assign(topic_, starts);
    }

    std::signal(SIGPIPE, SIG_IGN);
    cli::install_interrupt_handlers();
    auto last_record = Clock::now(), last_commit = Clock::now(), last_group_check = Clock::now();
    const auto idle = std::chrono::duration<double>(options_.idle_timeout);
    while (!cli::interrupted() && !output_closed_ && !stops_.all_done()) {
        if (options_.max && records_ >= *options_.max) break;
        auto message = consumer_->poll(100);
        auto now = Clock::now();
        if (now - last_commit > std::chrono::seconds(1)) {
            // Retried at the next tick while a broker is away; the final commit must succeed.
            commit_or_warn();
            last_commit = now;
        }
        if (!message) {
            flush_output();
            if (group && now - last_group_check > std::chrono::seconds(1)) {
                reached_by_group();
                last_group_check = now;
            }
            if (options_.idle_timeout > 0 && now - last_record > idle) break;
            continue;
        }
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            stops_.reached(message->partition, message->offset);
            continue;
        }
        if (message->err) {
            cli::print_warning(std::string("consume: ") + rd_kafka_message_errstr(message.get()));
            continue;
        }
        last_record = now;
        // Past the end taken at start: neither printed nor committed.
        if (stops_.past(message->partition, message->offset)) continue;
        stops_.reached(message->partition, message->offset + 1);
        if (!matches(filters_, message.get())) {
            // No bytes: committable once everything written before it has been taken.
            if (group)
                taken_.add(bytes_written_ + buffer_.size(), message->partition, message->offset + 1,
                           false);
            continue;
        }

        core::ConsumedRecord record;
        record.topic = topic_;
        record.partition = message->partition;
        record.offset = message->offset;
        rd_kafka_timestamp_type_t type;
        record.timestamp_ms = rd_kafka_message_timestamp(message.get(), &type);
        record.timestamp_type = type == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? "create"
                                : type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? "log-append"
                                                                             : nullptr;
        if (message->key)
            record.key = std::string_view(static_cast<const char*>(message->key), message->key_len);
        if (message->payload)
            record.value =
                std::string_view(static_cast<const char*>(message->payload), message->len);
        rd_kafka_headers_t* headers = nullptr;
        if (!rd_kafka_message_headers(message.get(), &headers)) {
            const char* name;
            const void* value;
            size_t size;
            for (size_t i = 0; !rd_kafka_header_get_all(headers, i, &name, &value, &size); ++i) {
                std::optional<std::string_view> text;
                if (value) text = std::string_view(static_cast<const char*>(value), size);
                record.headers.emplace_back(name, text);
            }
        }
        writer_.append(record, buffer_);
        if (group)
            taken_.add(bytes_written_ + buffer_.size(), message->partition, message->offset + 1,
                       true);
        ++records_;
        if (buffer_.size() > (1 << 16)) flush_output();
    }
    wait_for_reader();
    commit();
    consumer_->close();
    std::string taken;
    if (group && stdout_.measured())
        taken = "; the reader took " + std::to_string(taken_.records_taken());
    cli::print_note(
        "consumed " + std::to_string(records_) + " record(s) from " + topic_ + taken +
        (group ? "; " + std::to_string(commits_) + " commit(s) for group " + options_.group : ""));
    return cli::interrupted() ? cli::kExitInterrupted : cli::kExitOk;
}

}  // namespace

int run_consume(cli::Context& context, const ConsumeOptions& options) {
    ConsumeSession session(context, options);
    return session.run();
}

}  // namespace orderctl::commands
