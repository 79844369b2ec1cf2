// How much of what a process wrote to an fd its reader has taken. A consumer in a group must
// commit only records the next stage has read, and writing to a pipe is not reading: the kernel
// holds up to the pipe's capacity (64 KiB by default, up to 1 MiB) that nobody may ever read.
//
// On Linux the bytes still waiting are known: FIONREAD answers for a pipe (on its write end as
// well), SIOCOUTQ for a socket (bytes the peer has not yet taken; for a Unix socket it counts the
// kernel's buffers, a little more than the bytes, which only errs on the side of "not yet
// taken"). A regular file, a terminal or any other fd has no reader to wait for: what is written
// is taken.
#pragma once

#include <cstdint>
#include <optional>

namespace orderctl::core::output {

enum class OutputKind {
    Pipe,    // a pipe or FIFO: FIONREAD counts the unread bytes
    Socket,  // a stream socket: SIOCOUTQ counts the bytes not yet taken
    Direct,  // a regular file, a terminal, anything else: taken once written
};

class PipeReaderProgress {
  public:
    // Looks at `fd` once (fstat, and one query to see the kernel answers it). Does not own fd.
    explicit PipeReaderProgress(int fd);

    OutputKind kind() const { return kind_; }
    // A reader is there to measure (a pipe or a socket).
    bool measured() const { return kind_ != OutputKind::Direct; }

    // Bytes written to fd that its reader has not taken yet: 0 for Direct; nullopt when the
    // kernel does not say (then nothing more should count as taken).
    std::optional<uint64_t> unread() const;

    // The reader has closed its end (a pipe with no reader left, a socket hung up): what is
    // still unread will never be read.
    bool reader_gone() const;

    // Sleeps up to timeout_ms, waking early when the reader goes away or a signal arrives.
    void wait(int timeout_ms) const;

  private:
    int fd_;
    OutputKind kind_ = OutputKind::Direct;
};

}  // namespace orderctl::core::output
