// Reads input one line at a time with memory bounded by the longest line accepted: a line
// longer than `max_line_bytes` is skipped (reported as too long), never buffered whole, so a
// 100 MB line or a binary file cannot make orderctl grow without bound.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace orderctl::core {

struct InputLine {
    std::string_view text;  // without the line ending (LF or CRLF) and, on line 1, a UTF-8 BOM
    uint64_t number = 0;    // 1-based, counting every line of this input
    bool too_long = false;  // the line exceeded the limit; `text` is empty
    size_t length = 0;      // the line's full length in bytes (also when too long)
};

class LineReader {
  public:
    // Takes ownership of `fd` unless it is 0 (stdin).
    LineReader(int fd, std::string name, size_t max_line_bytes);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // Opens a file, or stdin for "-". Throws Error(Usage) when it cannot be read.
    static LineReader open(const std::string& path, size_t max_line_bytes);
    LineReader(LineReader&& other) noexcept;

    // The next line, or false at the end of the input. The view lives until the next call.
    bool next(InputLine& line);
    // Asked when a signal interrupts a read: true ends the input there, as if it had ended,
    // and a line not yet complete is dropped (it was never read whole). Without it a read
    // on an idle pipe or terminal would go on waiting after Ctrl-C.
    void stop_when(std::function<bool()> stop) { stop_ = std::move(stop); }
    // True once stop_when's test ended the input.
    bool stopped() const { return stopped_; }
    // Called once no input has been ready to read for 1 ms (an idle pipe or terminal), then every
    // `period_ms` while none is, so that the caller can do its own work meanwhile instead of
    // sleeping in read().
    void when_idle(std::function<void()> idle, int period_ms) {
        idle_ = std::move(idle);
        idle_period_ms_ = period_ms;
    }
    const std::string& name() const { return name_; }

  private:
    bool fill();  // reads more bytes; false at end of input

    int fd_;
    std::string name_;
    size_t max_line_bytes_;
    std::vector<char> buffer_;
    size_t begin_ = 0;  // start of unread data in buffer_
    size_t end_ = 0;    // end of valid data in buffer_
    bool eof_ = false;
    bool stopped_ = false;
    std::function<bool()> stop_;
    std::function<void()> idle_;
    int idle_period_ms_ = 0;
    bool wait_for_input();  // false when a stop ended the wait
    uint64_t line_number_ = 0;
};

}  // namespace orderctl::core
