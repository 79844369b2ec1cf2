// The read-ahead thread of produce (input.h): files or --generate read and validated in batches.
#include "commands/produce/input.h"

#include <pthread.h>
#include <sched.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdlib>
#include <string>

#include "cli/signals.h"
#include "core/error.h"
#include "core/input/line_reader.h"
#include "core/order/order_generator.h"

namespace orderctl::commands {
namespace {

// A batch is handed over at this many lines or bytes; this many may wait to be sent.
constexpr size_t kBatchLines = 512;
constexpr size_t kBatchBytes = 256 * 1024;
constexpr size_t kBatchesAhead = 4;

}  // namespace

bool CheckedInput::suits(const std::vector<std::string>& files) {
    for (const auto& path : files) {
        struct stat info {};
        const int status = path == "-" ? ::fstat(0, &info) : ::stat(path.c_str(), &info);
        if (status != 0 || !S_ISREG(info.st_mode)) return false;
    }
    return true;
}

bool CheckedInput::pays() {
    const char* setting = std::getenv("ORDERCTL_INPUT_THREAD");
    const std::string choice = setting && *setting ? setting : "auto";
    if (choice == "on") return true;
    if (choice == "off") return false;
    if (choice != "auto")
        throw core::Error(core::ErrorKind::Usage,
                          "ORDERCTL_INPUT_THREAD must be on, off or auto, not '" + choice + "'");
    cpu_set_t cpus;
    if (sched_getaffinity(0, sizeof cpus, &cpus) != 0) return false;
    return CPU_COUNT(&cpus) >= 4;
}

CheckedInput::CheckedInput(CheckedInputOptions options)
    : options_(std::move(options)), validator_(options_.key_field) {
    reader_ = std::thread([this] {
        // Interrupts go to the sending thread, whose waits they should cut short.
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);
        try {
            read_all();
        } catch (...) {
            // The lines read before the error still go out, as they would without the thread.
            auto error = std::current_exception();
            try {
                publish();
            } catch (...) {
            }
            std::lock_guard lock(mutex_);
            error_ = error;
        }
        std::lock_guard lock(mutex_);
        done_ = true;
        changed_.notify_all();
    });
}

CheckedInput::~CheckedInput() {
    stop();
    reader_.join();
}

void CheckedInput::stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
}

std::unique_ptr<CheckedBatch> CheckedInput::next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !ready_.empty() || done_; });
    if (!ready_.empty()) {
        auto batch = std::move(ready_.front());
        ready_.pop_front();
        changed_.notify_all();
        return batch;
    }
    if (error_) std::rethrow_exception(error_);
    return nullptr;
}

void CheckedInput::recycle(std::unique_ptr<CheckedBatch> batch) {
    batch->text.clear();
    batch->lines.clear();
    std::lock_guard lock(mutex_);
    spare_.push_back(std::move(batch));
}

void CheckedInput::read_all() {
    auto running = [this] {
        std::lock_guard lock(mutex_);
        return !stopped_ && !cli::interrupted();
    };
    if (options_.generate) {
        core::OrderGenerator generator(options_.seed);
        std::string line, id;
        for (uint64_t i = 1; i <= *options_.generate; ++i) {
            if ((i % kBatchLines) == 0 && !running()) return;
            generator.next(line, id);
            add("generated", i, line, false, line.size());
        }
    } else {
        for (const auto& path : options_.files) {
            auto reader = core::LineReader::open(path, options_.max_line_bytes);
            core::InputLine line;
            uint64_t count = 0;
            while (reader.next(line)) {
                if ((++count % kBatchLines) == 0 && !running()) return;
                add(reader.name(), line.number, line.text, line.too_long, line.length);
            }
        }
    }
    publish();
}

void CheckedInput::add(const std::string& file, uint64_t number, std::string_view text,
                       bool too_long, size_t length) {
    if (filling_ && !filling_->lines.empty() && filling_->file != file) publish();
    if (!filling_) {
        std::lock_guard lock(mutex_);
        if (!spare_.empty()) {
            filling_ = std::move(spare_.front());
            spare_.pop_front();
        }
    }
    if (!filling_) filling_ = std::make_unique<CheckedBatch>();
    if (filling_->lines.empty()) filling_->file = file;
    CheckedLine& entry = filling_->lines.emplace_back();
    entry.number = number;
    entry.offset = filling_->text.size();
    entry.size = text.size();
    entry.too_long = too_long;
    entry.length = length;
    filling_->text.append(text);
    // NUL bytes after each line let the validator parse it where it lies, without a copy.
    filling_->text.append(core::OrderValidator::kReadPastEnd, '\0');
    if (!too_long)
        entry.check = validator_.check_padded(
            std::string_view(filling_->text).substr(entry.offset, entry.size));
    if (filling_->lines.size() >= kBatchLines || filling_->text.size() >= kBatchBytes) publish();
}

bool CheckedInput::publish() {
    if (!filling_ || filling_->lines.empty()) return true;
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return ready_.size() < kBatchesAhead || stopped_; });
    if (stopped_) return false;
    ready_.push_back(std::move(filling_));
    changed_.notify_all();
    return true;
}

}  // namespace orderctl::commands
