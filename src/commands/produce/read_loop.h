// Reads every input in order (files and stdin line by line, or --generate), in the sending
// thread or through the read-ahead thread (input.h), and hands each line to the LineHandler.
#pragma once

#include <string>
#include <vector>

#include "commands/produce/line_handler.h"
#include "commands/produce/pacing.h"
#include "commands/produce/produce.h"
#include "commands/produce/stop.h"
#include "commands/produce/transactions.h"
#include "core/kafka/producer.h"

namespace orderctl::commands {

struct InputPlan {
    std::vector<std::string> inputs;  // the files, or "-" (stdin)
    // Files and --generate come in a burst, with no waits between lines: unlike a pipe.
    bool burst = false;
    bool thread = false;  // read and validated in a thread of its own (input.h)
};

// Checks that every input opens before anything is sent (a bad second file must not cut a
// run short with records of the first one in flight), and that ORDERCTL_INPUT_THREAD is
// valid; then decides how the inputs are read.
InputPlan plan_input(const ProduceOptions& options);

// Reads until the inputs end or `stop` says stop; after each line, a transaction that is due
// commits. `producer` is nullptr under --dry-run.
void read_inputs(const ProduceOptions& options, const InputPlan& plan, LineHandler& lines,
                 Pacer& pacer, Transactions& transactions, core::kafka::Producer* producer,
                 const RunStop& stop);

}  // namespace orderctl::commands
