// What a reader on the far side of an fd has taken, measured on real pipes, a socketpair and a
// regular file: unread counts, a reader that read part, a reader that closed.
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "core/output/pipe_reader_progress.h"

using orderctl::core::output::OutputKind;
using orderctl::core::output::PipeReaderProgress;

namespace {

// Both ends of a pipe or a socketpair, closed at the end of the test.
struct Ends {
    int read = -1, write = -1;
    ~Ends() {
        if (read >= 0) close(read);
        if (write >= 0) close(write);
    }
    void close_reader() {
        close(read);
        read = -1;
    }
};

void put(int fd, size_t bytes) {
    std::string data(bytes, 'x');
    REQUIRE(write(fd, data.data(), data.size()) == static_cast<ssize_t>(bytes));
}

size_t take(int fd, size_t bytes) {
    std::string data(bytes, '\0');
    ssize_t n = read(fd, data.data(), data.size());
    return n < 0 ? 0 : static_cast<size_t>(n);
}

}  // namespace

TEST_CASE("a pipe: the unread bytes, on the write end, as the reader takes them") {
    Ends pipe_ends;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pipe_ends.read = fds[0];
    pipe_ends.write = fds[1];
    PipeReaderProgress progress(pipe_ends.write);
    CHECK(progress.kind() == OutputKind::Pipe);
    CHECK(progress.measured());
    CHECK(progress.unread() == 0u);
    put(pipe_ends.write, 1000);
    CHECK(progress.unread() == 1000u);
    CHECK(take(pipe_ends.read, 300) == 300);
    CHECK(progress.unread() == 700u);
    CHECK_FALSE(progress.reader_gone());
    CHECK(take(pipe_ends.read, 700) == 700);
    CHECK(progress.unread() == 0u);
}

TEST_CASE("a pipe whose reader closed: gone, and what it left is still counted unread") {
    Ends pipe_ends;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pipe_ends.read = fds[0];
    pipe_ends.write = fds[1];
    PipeReaderProgress progress(pipe_ends.write);
    put(pipe_ends.write, 500);
    CHECK(take(pipe_ends.read, 120) == 120);
    pipe_ends.close_reader();
    CHECK(progress.reader_gone());
    // The consumer commits written - unread: exactly the 120 bytes the reader took.
    CHECK(progress.unread() == 380u);
}

TEST_CASE("wait returns early when the reader goes away") {
    Ends pipe_ends;
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pipe_ends.read = fds[0];
    pipe_ends.write = fds[1];
    PipeReaderProgress progress(pipe_ends.write);
    pipe_ends.close_reader();
    // Would sleep 10 s if the hang-up did not wake it; doctest's run stays short.
    progress.wait(10000);
    CHECK(progress.reader_gone());
}

TEST_CASE("a socketpair: bytes not yet taken, down to none once the peer read them all") {
    Ends sockets;
    int fds[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    sockets.read = fds[0];
    sockets.write = fds[1];
    PipeReaderProgress progress(sockets.write);
    CHECK(progress.kind() == OutputKind::Socket);
    CHECK(progress.unread() == 0u);
    put(sockets.write, 400);
    put(sockets.write, 600);
    // A Unix socket counts its kernel buffers: at least the bytes, never fewer.
    auto all = progress.unread();
    REQUIRE(all);
    CHECK(*all >= 1000u);
    CHECK(take(sockets.read, 400) == 400);  // the first write, whole
    auto rest = progress.unread();
    REQUIRE(rest);
    CHECK(*rest >= 600u);
    CHECK(*rest < *all);
    CHECK_FALSE(progress.reader_gone());
    CHECK(take(sockets.read, 600) == 600);
    CHECK(progress.unread() == 0u);
    put(sockets.write, 10);
    sockets.close_reader();
    CHECK(progress.reader_gone());
}

TEST_CASE("a regular file has no reader to wait for: written is taken") {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    PipeReaderProgress progress(fileno(file));
    CHECK(progress.kind() == OutputKind::Direct);
    CHECK_FALSE(progress.measured());
    put(fileno(file), 100);
    CHECK(progress.unread() == 0u);
    CHECK_FALSE(progress.reader_gone());
    std::fclose(file);
}
