// What each input line becomes: an empty line is counted; one too long or not a valid order
// is rejected (dead_letters.h); a valid one is sent, or reported valid under --dry-run.
// Under --format envelope, lines are consume's record envelopes, copied as they are; under raw
// and kv, lines are values (and keys), sent with only the -H headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "commands/produce/dead_letters.h"
#include "commands/produce/pacing.h"
#include "commands/produce/produce.h"
#include "commands/produce/report.h"
#include "commands/produce/sender.h"
#include "commands/produce/settings.h"
#include "core/kafka/producer.h"
#include "core/order/order_validator.h"
#include "core/record/envelope.h"

namespace orderctl::commands {

class LineHandler {
  public:
    LineHandler(const ProduceOptions& options, const ProduceTarget& target, Sender& sender,
                DeadLetters& dead_letters, Pacer& pacer, ProduceReport& report)
        : options_(options),
          target_(target),
          sender_(sender),
          dead_letters_(dead_letters),
          pacer_(pacer),
          report_(report),
          validator_(options.key_field),
          plain_headers_(target.headers.begin() + ProduceTarget::kDefaultHeaders,
                         target.headers.end()) {}

    // Line `file:number`; `too_long`: only its `length` was read. `checked`: its validation,
    // when the input thread already did it.
    void handle(const std::string& file, uint64_t number, std::string_view text, bool too_long,
                size_t length, const core::OrderCheck* checked = nullptr);

  private:
    const ProduceOptions& options_;
    const ProduceTarget& target_;
    Sender& sender_;
    DeadLetters& dead_letters_;
    Pacer& pacer_;
    ProduceReport& report_;
    core::OrderValidator validator_;
    core::EnvelopeReader envelope_reader_;
    std::vector<core::kafka::Header> envelope_headers_;
    // The -H headers alone: raw and kv records are not orders, so carry no order headers.
    const std::vector<core::kafka::Header> plain_headers_;

    void handle_envelope(const std::string& file, uint64_t number, std::string_view text);
    void handle_plain(const std::string& file, uint64_t number, std::string_view text);
};

}  // namespace orderctl::commands
