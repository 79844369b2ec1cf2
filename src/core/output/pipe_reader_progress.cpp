#include "core/output/pipe_reader_progress.h"

#include <linux/sockios.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

namespace orderctl::core::output {
namespace {

// The kernel's count of unread bytes on fd, by the query that fits its kind.
std::optional<uint64_t> query_unread(int fd, OutputKind kind) {
    int bytes = 0;
    const unsigned long request = kind == OutputKind::Pipe ? FIONREAD : SIOCOUTQ;
    if (ioctl(fd, request, &bytes) != 0 || bytes < 0) return std::nullopt;
    return static_cast<uint64_t>(bytes);
}

}  // namespace

PipeReaderProgress::PipeReaderProgress(int fd) : fd_(fd) {
    struct stat status {};
    if (fstat(fd, &status) != 0) return;
    if (S_ISFIFO(status.st_mode))
        kind_ = OutputKind::Pipe;
    else if (S_ISSOCK(status.st_mode))
        kind_ = OutputKind::Socket;
    // A kernel (or socket family) that cannot say what is unread: fall back to "taken once
    // written" rather than never counting anything as taken.
    if (kind_ != OutputKind::Direct && !query_unread(fd_, kind_)) kind_ = OutputKind::Direct;
}

std::optional<uint64_t> PipeReaderProgress::unread() const {
    if (kind_ == OutputKind::Direct) return 0;
    return query_unread(fd_, kind_);
}

bool PipeReaderProgress::reader_gone() const {
    if (kind_ == OutputKind::Direct) return false;
    // No events asked: poll still reports POLLERR (a pipe without readers) and POLLHUP.
    pollfd entry{fd_, 0, 0};
    return poll(&entry, 1, 0) > 0 && (entry.revents & (POLLERR | POLLHUP)) != 0;
}

void PipeReaderProgress::wait(int timeout_ms) const {
    pollfd entry{fd_, 0, 0};
    poll(&entry, 1, timeout_ms);
}

}  // namespace orderctl::core::output
