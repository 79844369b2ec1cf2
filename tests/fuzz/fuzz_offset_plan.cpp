// libFuzzer: an offset plan file (offsets reset --from-file) must be parsed or refused with a
// configuration error, never crash; a plan that parses must survive writing and reading again.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "core/plan/offset_plan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    orderctl::core::OffsetPlan plan;
    try {
        plan = orderctl::core::parse_plan(input, "fuzz.json");
    } catch (const orderctl::core::Error& error) {
        if (error.kind() != orderctl::core::ErrorKind::Config) __builtin_trap();
        return 0;
    }
    auto again = orderctl::core::parse_plan(orderctl::core::plan_to_json(plan), "again.json");
    if (again.group != plan.group || again.partitions.size() != plan.partitions.size())
        __builtin_trap();
    for (size_t i = 0; i < plan.partitions.size(); ++i) {
        const auto& a = plan.partitions[i];
        const auto& b = again.partitions[i];
        if (a.topic != b.topic || a.partition != b.partition || a.current != b.current ||
            a.target != b.target || a.clamped != b.clamped)
            __builtin_trap();
    }
    (void)orderctl::core::moved_since_plan(plan, {{"orders", {{0, 1}}}});
    return 0;
}
