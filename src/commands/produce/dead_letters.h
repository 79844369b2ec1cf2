// An invalid line, by --on-invalid: reported rejected with its reason; under dlq also sent to
// the dead-letter topic with that reason in its headers; under fail, the line that stops the run.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "commands/produce/produce.h"
#include "commands/produce/sender.h"
#include "commands/produce/settings.h"
#include "commands/produce/stop.h"

namespace orderctl::commands {

class DeadLetters {
  public:
    DeadLetters(const ProduceOptions& options, const ProduceTarget& target, Sender& sender,
                RunStop& stop)
        : options_(options), target_(target), sender_(sender), stop_(stop) {}

    // Line `file:number` is invalid for `reason`; `text` is empty when it was not read.
    void reject(const std::string& file, uint64_t number, const std::string& key,
                std::string_view text, const std::string& reason);

  private:
    const ProduceOptions& options_;
    const ProduceTarget& target_;
    Sender& sender_;
    RunStop& stop_;
};

}  // namespace orderctl::commands
