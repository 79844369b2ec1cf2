// Which offsets become committable as the reader takes bytes of the output.
#include <doctest/doctest.h>

#include <map>

#include "core/output/taken_offsets.h"

using orderctl::core::output::TakenOffsets;
using Next = std::map<int32_t, int64_t>;

TEST_CASE("a record is committable once the reader took its last byte") {
    TakenOffsets taken;
    taken.add(100, 0, 11, true);  // partition 0, offset 10: bytes 0..99
    taken.add(250, 1, 6, true);   // partition 1, offset 5: bytes 100..249
    taken.add(300, 0, 12, true);  // partition 0, offset 11: bytes 250..299
    taken.taken(99);
    CHECK(taken.take_committable().empty());
    taken.taken(100);
    CHECK(taken.take_committable() == Next{{0, 11}});
    taken.taken(299);  // the third record lacks its newline
    CHECK(taken.take_committable() == Next{{1, 6}});
    taken.taken(300);
    CHECK(taken.take_committable() == Next{{0, 12}});
    CHECK(taken.records_taken() == 3);
    CHECK(taken.held() == 0);
}

TEST_CASE("the highest next offset per partition, and a count that goes back is ignored") {
    TakenOffsets taken;
    for (int64_t i = 0; i < 10; ++i) taken.add(static_cast<uint64_t>(10 * (i + 1)), 2, i + 1, true);
    taken.taken(55);
    CHECK(taken.take_committable() == Next{{2, 5}});
    taken.taken(20);  // another writer's bytes in the pipe made "unread" look bigger
    CHECK(taken.take_committable().empty());
    CHECK(taken.records_taken() == 5);
}

TEST_CASE("filtered-out records follow what was written before them") {
    TakenOffsets taken;
    taken.add(100, 0, 1, true);
    // Partition 0's offsets 1..999 and partition 1's 0..499 filtered out after it: two entries.
    for (int64_t offset = 1; offset < 1000; ++offset) taken.add(100, 0, offset + 1, false);
    for (int64_t offset = 0; offset < 500; ++offset) taken.add(100, 1, offset + 1, false);
    CHECK(taken.held() == 2);
    taken.add(180, 1, 501, true);
    taken.taken(99);
    CHECK(taken.take_committable().empty());
    taken.taken(100);
    CHECK(taken.take_committable() == Next{{0, 1000}, {1, 500}});
    taken.taken(180);
    CHECK(taken.take_committable() == Next{{1, 501}});
    CHECK(taken.records_taken() == 2);
}

TEST_CASE("filtered-out records with nothing untaken before them are committable at once") {
    TakenOffsets taken;
    for (int64_t offset = 0; offset < 100; ++offset) taken.add(0, 3, offset + 1, false);
    CHECK(taken.held() == 0);
    CHECK(taken.take_committable() == Next{{3, 100}});
    CHECK(taken.records_taken() == 0);
}
