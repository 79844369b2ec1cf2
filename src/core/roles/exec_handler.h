// A user's handler for a role service (`consume --role R --exec CMD`): one long-lived child
// process (`sh -c CMD`), fed one order per line on its stdin, answering one line per order on
// its stdout. Not a process per message: the child is started once and restarted only after it
// died, timed out or broke the protocol, since a late answer would be taken for the next order.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>

namespace orderctl::core {

struct ExecReply {
    bool ok = false;
    std::string kind;   // ok: the reply's "status" when it is a string, else "handled"
    std::string json;   // ok: the reply line, the outcome to publish
    std::string error;  // not ok: why (timeout, exit status, not JSON, the handler's "error")
};

class ExecHandler {
  public:
    ExecHandler(std::string command, std::chrono::milliseconds timeout);
    ~ExecHandler();
    ExecHandler(const ExecHandler&) = delete;
    ExecHandler& operator=(const ExecHandler&) = delete;

    // Sends one order (a JSON line without its newline) and waits for the answer line.
    ExecReply call(std::string_view order);
    // Times the child was (re)started; 1 for a handler that never failed.
    unsigned starts() const { return starts_; }

  private:
    std::string command_;
    std::chrono::milliseconds timeout_;
    pid_t pid_ = -1;
    int to_child_ = -1, from_child_ = -1;
    std::string buffer_;  // bytes read past the last answer line
    unsigned starts_ = 0;

    void start();
    // Kills and reaps the child; returns how it ended ("exited with 3", "killed by signal 9").
    std::string stop(bool kill_it);
    ExecReply fail(std::string why, bool kill_it);
};

// Reads one reply line of a handler: a JSON object is an outcome unless it has an "error".
ExecReply parse_exec_reply(std::string_view line);

}  // namespace orderctl::core
