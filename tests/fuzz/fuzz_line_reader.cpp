// libFuzzer: the line reader takes any bytes, never returns a line longer than its limit,
// and accounts for every byte of the input.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

#include "core/input/line_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    int fd = memfd_create("fuzz-input", 0);
    if (fd < 0) return 0;
    if (size > 0 && write(fd, data, size) != static_cast<ssize_t>(size)) {
        close(fd);
        return 0;
    }
    lseek(fd, 0, SEEK_SET);
    const size_t limit = 64;
    orderctl::core::LineReader reader(fd, "fuzz", limit);  // closes fd
    orderctl::core::InputLine line;
    size_t bytes = 0;
    uint64_t expected_number = 1;
    while (reader.next(line)) {
        if (line.number != expected_number++) __builtin_trap();
        if (line.text.size() > limit) __builtin_trap();
        if (line.too_long != (line.length > limit)) __builtin_trap();
        bytes += line.length + 1;  // the line and its newline
    }
    // Every byte belongs to a line; the last line may lack its newline.
    if (bytes != size && bytes != size + 1) __builtin_trap();
    return 0;
}
