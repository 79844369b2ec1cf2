// Reads every input in order and hands each line to the LineHandler.
#include "commands/produce/read_loop.h"

#include <memory>
#include <utility>

#include "commands/produce/input.h"
#include "core/input/line_reader.h"
#include "core/order/order_generator.h"

namespace orderctl::commands {

namespace {

// Orders validated by the input thread while this one sends the ones before them.
void read_ahead(const ProduceOptions& options, const InputPlan& plan, LineHandler& lines,
                Transactions& transactions, core::kafka::Producer* producer, const RunStop& stop) {
    CheckedInputOptions input;
    if (!options.generate) input.files = plan.inputs;
    input.generate = options.generate;
    input.seed = options.seed;
    input.max_line_bytes = options.max_line_bytes;
    input.key_field = options.key_field;
    CheckedInput reader(std::move(input));
    while (!stop.now()) {
        auto batch = reader.next();
        if (!batch) break;
        if (producer) producer->read_clock_again();  // next() may have waited for the disk
        for (const auto& line : batch->lines) {
            if (stop.now()) break;
            lines.handle(batch->file, line.number, batch->text_of(line), line.too_long, line.length,
                         &line.check);
            transactions.maybe_end();
        }
        reader.recycle(std::move(batch));
    }
}

}  // namespace

InputPlan plan_input(const ProduceOptions& options) {
    for (const auto& path : options.files)
        if (path != "-") core::LineReader::open(path, 16);
    const bool thread_pays = CheckedInput::pays();  // a bad setting fails before connecting
    InputPlan plan;
    plan.inputs = options.files;
    if (plan.inputs.empty()) plan.inputs.push_back("-");
    plan.burst = options.generate || CheckedInput::suits(plan.inputs);
    // The input thread validates orders; other formats have nothing to validate ahead.
    plan.thread = thread_pays && plan.burst && options.format == InputFormat::Order;
    return plan;
}

void read_inputs(const ProduceOptions& options, const InputPlan& plan, LineHandler& lines,
                 Pacer& pacer, Transactions& transactions, core::kafka::Producer* producer,
                 const RunStop& stop) {
    if (plan.thread) {
        read_ahead(options, plan, lines, transactions, producer, stop);
    } else if (options.generate) {
        core::OrderGenerator generator(options.seed);
        std::string line, id;
        for (uint64_t i = 1; i <= *options.generate && !stop.now(); ++i) {
            generator.next(line, id);
            lines.handle("generated", i, line, false, line.size());
            transactions.maybe_end();
        }
    } else {
        for (const auto& path : plan.inputs) {
            auto reader = core::LineReader::open(path, options.max_line_bytes);
            reader.stop_when([&stop] { return stop.now(); });
            // While the input is silent, acknowledgements still come in and are reported at
            // once: a pipe fed now and then (tail -f) gets its outcomes as they happen.
            reader.when_idle([&pacer] { pacer.idle(); }, 100);
            core::InputLine line;
            while (!stop.now() && reader.next(line)) {
                lines.handle(reader.name(), line.number, line.text, line.too_long, line.length);
                transactions.maybe_end();
            }
            if (stop.now()) break;
        }
    }
}

}  // namespace orderctl::commands
