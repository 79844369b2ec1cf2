// libFuzzer: the record envelope reader (produce --envelope) and base64 must take any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/record/envelope.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static orderctl::core::EnvelopeReader reader;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    orderctl::core::EnvelopeRecord record;
    if (!reader.parse(input, record)) {
        // A valid envelope's base64 fields decode; encoding them again must round-trip.
        if (record.value) {
            auto again =
                orderctl::core::decode_base64(orderctl::core::encode_base64(*record.value));
            if (!again || *again != *record.value) __builtin_trap();
        }
    }
    (void)orderctl::core::decode_base64(input);
    return 0;
}
