// --until's bookkeeping: when each partition is done.
#include <doctest/doctest.h>

#include "core/kafka/stop_offsets.h"

using orderctl::core::StopOffsets;

TEST_CASE("without stops a consumer never ends by itself") {
    StopOffsets stops;
    CHECK_FALSE(stops.active());
    CHECK_FALSE(stops.all_done());
    CHECK_FALSE(stops.past(0, 1000));
}

TEST_CASE("empty partitions are done at once; others when a record or EOF reaches the stop") {
    StopOffsets stops;
    stops.set({{0, 0}, {1, 10}, {2, 5}});
    CHECK_FALSE(stops.all_done());
    CHECK_FALSE(stops.past(1, 9));
    stops.reached(1, 10);  // the record at offset 9 was processed
    CHECK_FALSE(stops.all_done());
    // A compaction gap or transaction marker: EOF at 7 is past the stop of 5.
    stops.reached(2, 7);
    CHECK(stops.all_done());
}

TEST_CASE("a record past its partition's stop is not to be processed") {
    StopOffsets stops;
    stops.set({{0, 3}});
    CHECK_FALSE(stops.past(0, 2));
    CHECK(stops.past(0, 3));
    CHECK(stops.all_done());
}
