// The progress line of produce on stderr, when stderr is a terminal and not -q: sent,
// delivered, in flight and rate, redrawn at most every half second.
#pragma once

#include <chrono>

#include "commands/produce/in_flight_lines.h"
#include "commands/produce/report.h"
#include "commands/produce/sender.h"

namespace orderctl::commands {

class Progress {
  public:
    using Clock = std::chrono::steady_clock;

    // Whether a progress line is shown: stderr is a terminal, and not -q.
    static bool wanted(bool quiet);

    Progress(bool enabled, Clock::time_point started, const Sender& sender,
             const InFlightLines& in_flight, const ProduceReport& report)
        : enabled_(enabled),
          started_(started),
          last_(started),
          sender_(sender),
          in_flight_(in_flight),
          report_(report) {}

    // Redraws the line if half a second has passed; `final`: now, and ends it.
    void show(bool final) {
        if (enabled_) draw(final);
    }

  private:
    bool enabled_;
    Clock::time_point started_, last_;
    const Sender& sender_;
    const InFlightLines& in_flight_;
    const ProduceReport& report_;

    void draw(bool final);
};

}  // namespace orderctl::commands
