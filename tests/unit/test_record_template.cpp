// consume --format: kcat's tokens and escapes, nulls, and the usage errors users see.
#include <doctest/doctest.h>

#include "core/error.h"
#include "core/record/record_template.h"

using namespace orderctl::core;

namespace {

ConsumedRecord sample() {
    ConsumedRecord record;
    record.topic = "orders";
    record.partition = 2;
    record.offset = 41;
    record.timestamp_ms = 1796216463677;
    record.key = "12345";
    record.value = R"({"order_id":"12345"})";
    record.headers = {{"trace", "ab"}, {"empty", std::nullopt}};
    return record;
}

std::string render(std::string_view format, const ConsumedRecord& record) {
    std::string out;
    RecordTemplate(format).append(record, out);
    return out;
}

}  // namespace

TEST_CASE("every token writes its field") {
    CHECK(render("%t %p %o %k %s %T", sample()) ==
          R"(orders 2 41 12345 {"order_id":"12345"} 1796216463677)");
    CHECK(render("%v", sample()) == render("%s", sample()));
    CHECK(render("%K %S", sample()) == "5 20");
    CHECK(render("%h", sample()) == "trace=ab,empty=");
}

TEST_CASE("escapes and the percent sign") {
    CHECK(render("%k\\t%p\\n", sample()) == "12345\t2\n");
    CHECK(render("100%% \\\\ \\r", sample()) == "100% \\ \r");
    CHECK(render("plain text", sample()) == "plain text");
}

TEST_CASE("a null key or value is empty, its length -1") {
    ConsumedRecord record = sample();
    record.key.reset();
    record.value.reset();
    record.headers.clear();
    CHECK(render("[%k][%s][%K][%S][%h]", record) == "[][][-1][-1][]");
}

TEST_CASE("unknown tokens and escapes are usage errors") {
    auto usage = [](std::string_view format) {
        try {
            (void)RecordTemplate{format};
        } catch (const Error& error) {
            return error.kind() == ErrorKind::Usage;
        }
        return false;
    };
    CHECK(usage("%x"));
    CHECK(usage("\\q"));
    CHECK(usage("%k %"));
    CHECK(usage("trailing \\"));
    CHECK_FALSE(usage("%k %s\\n"));
}
