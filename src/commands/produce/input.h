// The input of `produce`, read and validated in a thread of its own, ahead of the thread that
// sends: on a machine with a core to spare, validation then costs no wall time. Lines come
// back in batches, in input order, each with its validation result; at most a few batches
// are ahead (memory stays bounded). Only for inputs whose reads cannot block indefinitely
// (regular files, --generate), so that stopping never waits on an idle pipe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/order/order_validator.h"

namespace orderctl::commands {

struct CheckedLine {
    uint64_t number = 0;
    size_t offset = 0;  // of its text in the batch
    size_t size = 0;
    bool too_long = false;
    size_t length = 0;
    core::OrderCheck check;  // not filled for a line that is too long
};

struct CheckedBatch {
    std::string file;  // a batch holds lines of one input only
    std::string text;
    std::vector<CheckedLine> lines;
    std::string_view text_of(const CheckedLine& line) const {
        return std::string_view(text).substr(line.offset, line.size);
    }
};

struct CheckedInputOptions {
    std::vector<std::string> files;    // "-" is standard input
    std::optional<uint64_t> generate;  // --generate N instead of files
    uint64_t seed = 0;
    size_t max_line_bytes = 0;
    std::string key_field;
};

class CheckedInput {
  public:
    // True when reading `files` cannot block without end: each is a regular file.
    static bool suits(const std::vector<std::string>& files);
    // Whether a thread of its own pays here. The sending thread and librdkafka's broker thread
    // keep two CPUs busy, so on fewer than four the reader only adds its handover (some 8%
    // more CPU per order in bench/produce_bench.sh on two, for no faster run).
    // ORDERCTL_INPUT_THREAD=on|off|auto (auto: the CPU count decides); another value is a
    // usage error.
    static bool pays();

    explicit CheckedInput(CheckedInputOptions options);
    ~CheckedInput();  // stops the reader and waits for it
    CheckedInput(const CheckedInput&) = delete;
    CheckedInput& operator=(const CheckedInput&) = delete;

    // The next batch in input order; nullptr at the end. Rethrows the reader's error (an
    // unreadable file) once the batches before it were taken.
    std::unique_ptr<CheckedBatch> next();
    // Gives a taken batch back, so that its buffers are reused.
    void recycle(std::unique_ptr<CheckedBatch> batch);
    // Stops reading ahead: lines not yet taken are dropped, as if never read.
    void stop();

  private:
    void read_all();
    void add(const std::string& file, uint64_t number, std::string_view text, bool too_long,
             size_t length);
    bool publish();  // false once stopped

    CheckedInputOptions options_;
    core::OrderValidator validator_;  // used by the reader thread only
    std::unique_ptr<CheckedBatch> filling_;

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::unique_ptr<CheckedBatch>> ready_, spare_;
    bool done_ = false, stopped_ = false;
    std::exception_ptr error_;
    std::thread reader_;
};

}  // namespace orderctl::commands
