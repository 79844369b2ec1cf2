// `consume --format`: a record as a line of the user's making, for one-liners, beside the
// envelope. The tokens are kcat's (-f): %t topic, %p partition, %o offset, %k key, %s (or %v)
// value, %K key length, %S value length (-1 when null), %T timestamp (ms), %h headers
// (name=value, comma-separated), %% a percent sign; escapes \n \r \t \\. Keys and values are
// written as their bytes, unquoted: a template is for people and line tools, the envelope for
// programs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/record/envelope_writer.h"

namespace orderctl::core {

class RecordTemplate {
  public:
    // Throws Error(Usage) naming an unknown token or escape, or a lone % or \ at the end.
    explicit RecordTemplate(std::string_view text);

    // Appends `record` written by the template to `out` (no newline is added: write \n).
    void append(const ConsumedRecord& record, std::string& out) const;

  private:
    struct Part {
        char token = 0;       // 0: literal text
        std::string literal;  // when token is 0
    };
    std::vector<Part> parts_;
};

}  // namespace orderctl::core
