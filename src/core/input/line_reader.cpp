#include "core/input/line_reader.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace orderctl::core {
namespace {

constexpr size_t kReadChunk = 1 << 20;

}  // namespace

LineReader::LineReader(int fd, std::string name, size_t max_line_bytes)
    : fd_(fd), name_(std::move(name)), max_line_bytes_(max_line_bytes) {
    buffer_.resize(kReadChunk + max_line_bytes_ + 1);
}

LineReader::LineReader(LineReader&& other) noexcept
    : fd_(other.fd_),
      name_(std::move(other.name_)),
      max_line_bytes_(other.max_line_bytes_),
      buffer_(std::move(other.buffer_)),
      begin_(other.begin_),
      end_(other.end_),
      eof_(other.eof_),
      stopped_(other.stopped_),
      stop_(std::move(other.stop_)),
      idle_(std::move(other.idle_)),
      idle_period_ms_(other.idle_period_ms_),
      line_number_(other.line_number_) {
    other.fd_ = -1;
}

LineReader::~LineReader() {
    if (fd_ > 0) ::close(fd_);
}

LineReader LineReader::open(const std::string& path, size_t max_line_bytes) {
    if (path == "-") return LineReader(0, "stdin", max_line_bytes);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(ErrorKind::Usage, "cannot read " + path + ": " + std::strerror(errno));
    return LineReader(fd, path, max_line_bytes);
}

bool LineReader::fill() {
    if (eof_ || stopped_) return false;
    // Keep the unread part at the front so a line stays contiguous.
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ == buffer_.size()) return true;  // full: the caller handles an over-long line
    if (idle_ && !wait_for_input()) return false;
    for (;;) {
        ssize_t got = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
        if (got > 0) {
            end_ += static_cast<size_t>(got);
            return true;
        }
        if (got == 0) {
            eof_ = true;
            return false;
        }
        if (errno == EINTR) {
            if (stop_ && stop_()) {
                stopped_ = true;
                return false;
            }
            continue;
        }
        throw Error(ErrorKind::Failure, "cannot read " + name_ + ": " + std::strerror(errno));
    }
}

bool LineReader::wait_for_input() {
    pollfd ready{fd_, POLLIN, 0};
    // A millisecond without input is an idle moment already (a producer sends what it holds
    // back); then one comes every period while none comes. A writer that is only a little
    // slower than its reader refills the pipe within that millisecond, and is not slowed down
    // by an idle moment after every read (0 ms cost a pipe from a script a fifth of its speed).
    int timeout_ms = std::min(1, idle_period_ms_);
    for (;;) {
        const int status = ::poll(&ready, 1, timeout_ms);
        if (status > 0) return true;  // data, end of input or an error: read() tells which
        if (status < 0 && errno != EINTR) return true;
        if (status < 0 && stop_ && stop_()) {
            stopped_ = true;
            return false;
        }
        if (status == 0) {
            timeout_ms = idle_period_ms_;
            idle_();
            // The idle hook may have found a reason to stop (a fenced producer, say).
            if (stop_ && stop_()) {
                stopped_ = true;
                return false;
            }
        }
    }
}

bool LineReader::next(InputLine& line) {
    line = InputLine{};
    size_t scanned = begin_;
    for (;;) {
        const char* start = buffer_.data() + scanned;
        const void* newline = std::memchr(start, '\n', end_ - scanned);
        if (newline != nullptr || (eof_ && end_ > begin_)) {
            size_t stop = newline ? static_cast<const char*>(newline) - buffer_.data() : end_;
            line.number = ++line_number_;
            line.length = stop - begin_;
            std::string_view text(buffer_.data() + begin_, stop - begin_);
            begin_ = newline ? stop + 1 : stop;
            if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
            if (line.number == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
            if (line.length > max_line_bytes_) {
                line.too_long = true;
                text = {};
            }
            line.text = text;
            return true;
        }
        if (end_ - begin_ > max_line_bytes_) {
            // Too long: drop what we have and skip to the end of this line.
            size_t skipped = end_ - begin_;
            begin_ = end_ = 0;
            for (;;) {
                if (!fill()) break;
                const void* found = std::memchr(buffer_.data(), '\n', end_);
                if (found) {
                    size_t stop = static_cast<const char*>(found) - buffer_.data();
                    skipped += stop;
                    begin_ = stop + 1;
                    break;
                }
                skipped += end_;
                begin_ = end_ = 0;
            }
            line.number = ++line_number_;
            line.too_long = true;
            line.length = skipped;
            return true;
        }
        size_t unread_before = end_ - begin_;
        bool more = fill();
        // fill() may have moved the unread bytes to the front; they hold no newline.
        scanned = begin_ + unread_before;
        if (!more && (end_ == begin_ || stopped_)) return false;
        // At the end of input the loop returns the last line, which has no newline.
    }
}

}  // namespace orderctl::core
