#include "core/roles/exec_handler.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace orderctl::core {
namespace {

using Clock = std::chrono::steady_clock;

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// Writes all of `data`, waiting for the pipe to drain until `deadline`.
bool write_all(int fd, std::string_view data, Clock::time_point deadline) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n > 0) {
            data.remove_prefix(static_cast<size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) return false;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd, POLLOUT, 0};
        ::poll(&p, 1, static_cast<int>(left.count()));
    }
    return true;
}

}  // namespace

ExecReply parse_exec_reply(std::string_view line) {
    ExecReply reply;
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        reply.error =
            "the handler's answer is not a JSON object: " + std::string(line.substr(0, 200));
        return reply;
    }
    if (auto error = json.find("error"); error != json.end() && !error->is_null()) {
        reply.error = "the handler reported: " +
                      (error->is_string() ? error->get<std::string>() : error->dump());
        return reply;
    }
    auto status = json.find("status");
    reply.kind =
        status != json.end() && status->is_string() ? status->get<std::string>() : "handled";
    reply.json = json.dump();  // compact and validated: what the output topic gets
    reply.ok = true;
    return reply;
}

ExecHandler::ExecHandler(std::string command, std::chrono::milliseconds timeout)
    : command_(std::move(command)), timeout_(timeout) {
    // A child that exits while we write must be an error to report, not a signal that kills us.
    ::signal(SIGPIPE, SIG_IGN);
}

ExecHandler::~ExecHandler() {
    if (pid_ > 0) {
        // Closing its stdin is the polite end of the protocol; then it gets a moment to exit.
        close_fd(to_child_);
        for (int i = 0; i < 20; ++i) {
            if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                break;
            }
            ::usleep(25000);
        }
        if (pid_ > 0) stop(true);
    }
    close_fd(from_child_);
}

void ExecHandler::start() {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0)
        throw Error(ErrorKind::Failure,
                    std::string("cannot start the handler: ") + std::strerror(errno));
    pid_t pid = ::fork();
    if (pid < 0)
        throw Error(ErrorKind::Failure,
                    std::string("cannot start the handler: ") + std::strerror(errno));
    if (pid == 0) {
        // Its own process group, so a timeout kills a pipeline the command started, not only sh.
        ::setpgid(0, 0);
        ::dup2(in[0], STDIN_FILENO);
        ::dup2(out[1], STDOUT_FILENO);
        ::signal(SIGPIPE, SIG_DFL);
        ::execl("/bin/sh", "sh", "-c", command_.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    pid_ = pid;
    to_child_ = in[1];
    from_child_ = out[0];
    ::fcntl(to_child_, F_SETFL, O_NONBLOCK);
    buffer_.clear();
    ++starts_;
}

std::string ExecHandler::stop(bool kill_it) {
    close_fd(to_child_);
    close_fd(from_child_);
    buffer_.clear();
    if (pid_ <= 0) return "not running";
    int status = 0;
    bool reaped = false;
    // A child that is ending gets half a second to say how; one that lingers is killed.
    for (int i = 0; !kill_it && i < 20 && !reaped; ++i) {
        reaped = ::waitpid(pid_, &status, WNOHANG) == pid_;
        if (!reaped) ::usleep(25000);
    }
    if (!reaped) {
        ::kill(-pid_, SIGKILL);
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    if (WIFEXITED(status)) return "exited with " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
    return "ended";
}

ExecReply ExecHandler::fail(std::string why, bool kill_it) {
    ExecReply reply;
    std::string how = stop(kill_it);
    reply.error = kill_it ? why : why + " (the handler " + how + ")";
    return reply;
}

ExecReply ExecHandler::call(std::string_view order) {
    if (pid_ <= 0) start();
    const auto deadline = Clock::now() + timeout_;
    std::string line(order);
    line += '\n';
    if (!write_all(to_child_, line, deadline)) {
        if (Clock::now() >= deadline)
            return fail("the handler did not take the order within " +
                            std::to_string(timeout_.count()) + " ms",
                        true);
        return fail("the handler closed its input", false);
    }
    for (;;) {
        if (auto end = buffer_.find('\n'); end != std::string::npos) {
            std::string answer = buffer_.substr(0, end);
            buffer_.erase(0, end + 1);
            ExecReply reply = parse_exec_reply(answer);
            // An answer that breaks the protocol leaves the child's state unknown: restart it.
            if (!reply.ok && reply.error.rfind("the handler reported", 0) != 0) stop(true);
            return reply;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            return fail(
                "the handler did not answer within " + std::to_string(timeout_.count()) + " ms",
                true);
        pollfd p{from_child_, POLLIN, 0};
        int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno != EINTR) return fail("cannot read the handler's answer", true);
        if (ready <= 0) continue;
        char chunk[65536];
        ssize_t n = ::read(from_child_, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail("the handler closed its output without answering", false);
        buffer_.append(chunk, static_cast<size_t>(n));
    }
}

}  // namespace orderctl::core
