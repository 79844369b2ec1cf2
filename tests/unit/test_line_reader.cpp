// Line reading: endings, BOM, the last line without newline, and over-long lines skipped
// without being buffered.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/input/line_reader.h"

using orderctl::core::InputLine;
using orderctl::core::LineReader;

namespace {

std::vector<InputLine> read_all(const std::string& content, size_t max_line_bytes,
                                std::vector<std::string>& texts) {
    auto path = std::filesystem::temp_directory_path() / "orderctl-line-reader-test";
    std::ofstream(path, std::ios::binary) << content;
    auto reader = LineReader::open(path.string(), max_line_bytes);
    std::vector<InputLine> lines;
    InputLine line;
    while (reader.next(line)) {
        lines.push_back(line);
        texts.emplace_back(line.text);
    }
    return lines;
}

}  // namespace

TEST_CASE("LF, CRLF, a BOM on line 1 and a last line without newline") {
    std::vector<std::string> texts;
    auto lines = read_all(
        "\xEF\xBB\xBF"
        "one\r\ntwo\n\nthree",
        100, texts);
    REQUIRE(lines.size() == 4);
    CHECK(texts == std::vector<std::string>{"one", "two", "", "three"});
    CHECK(lines[3].number == 4);
}

TEST_CASE("a BOM is only stripped on the first line") {
    std::vector<std::string> texts;
    read_all(
        "a\n\xEF\xBB\xBF"
        "b\n",
        100, texts);
    CHECK(texts[1] ==
          "\xEF\xBB\xBF"
          "b");
}

TEST_CASE("over-long lines are reported with their length, and reading goes on") {
    std::vector<std::string> texts;
    std::string big(5000, 'x');
    auto lines = read_all("short\n" + big + "\nafter\n" + big, 64, texts);
    REQUIRE(lines.size() == 4);
    CHECK_FALSE(lines[0].too_long);
    CHECK(lines[1].too_long);
    CHECK(lines[1].length == 5000);
    CHECK(texts[1].empty());
    CHECK(texts[2] == "after");
    CHECK(lines[3].too_long);
    CHECK(lines[3].number == 4);
}

TEST_CASE("lines spanning read chunks stay whole") {
    std::vector<std::string> texts;
    std::string content;
    for (int i = 0; i < 30000; ++i) content += std::string(70, char('a' + i % 26)) + "\n";
    auto lines = read_all(content, 1000, texts);
    REQUIRE(lines.size() == 30000);
    for (int i = 0; i < 30000; ++i) {
        if (texts[i] != std::string(70, char('a' + i % 26))) FAIL("line " << i + 1 << " differs");
    }
}

TEST_CASE("NUL bytes are kept in the line, for validation to reject") {
    std::vector<std::string> texts;
    read_all(std::string("a\0b\n", 4), 100, texts);
    CHECK(texts[0] == std::string("a\0b", 3));
}

TEST_CASE("a silent pipe: the idle hook runs while nothing can be read, then the line comes") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    LineReader reader(fds[0], "pipe", 100);
    int idle_calls = 0;
    // The writer speaks only after the reader has been idle twice.
    reader.when_idle(
        [&] {
            if (++idle_calls == 2) {
                CHECK(::write(fds[1], "late\n", 5) == 5);
                ::close(fds[1]);
            }
        },
        10);
    InputLine line;
    REQUIRE(reader.next(line));
    CHECK(line.text == "late");
    CHECK(idle_calls == 2);
    CHECK_FALSE(reader.next(line));  // the writer closed its end
    CHECK_FALSE(reader.stopped());
}
