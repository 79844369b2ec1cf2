#include "core/record/record_template.h"

#include "core/error.h"

namespace orderctl::core {
namespace {

constexpr std::string_view kTokens = "tpokvsKSTh";

std::string_view or_empty(const std::optional<std::string_view>& bytes) {
    return bytes ? *bytes : std::string_view();
}

std::string length_of(const std::optional<std::string_view>& bytes) {
    return bytes ? std::to_string(bytes->size()) : "-1";
}

}  // namespace

RecordTemplate::RecordTemplate(std::string_view text) {
    std::string literal;
    auto flush = [&] {
        if (!literal.empty()) parts_.push_back({0, std::move(literal)});
        literal.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '%' && c != '\\') {
            literal += c;
            continue;
        }
        if (i + 1 == text.size())
            throw Error(ErrorKind::Usage, std::string("--format ends with a lone '") + c + "'",
                        c == '%' ? "write %% for a percent sign" : "write \\\\ for a backslash");
        const char next = text[++i];
        if (c == '\\') {
            switch (next) {
                case 'n':
                    literal += '\n';
                    break;
                case 'r':
                    literal += '\r';
                    break;
                case 't':
                    literal += '\t';
                    break;
                case '\\':
                    literal += '\\';
                    break;
                default:
                    throw Error(ErrorKind::Usage,
                                std::string("--format: unknown escape '\\") + next + "'",
                                "escapes: \\n \\r \\t \\\\");
            }
        } else if (next == '%') {
            literal += '%';
        } else if (kTokens.find(next) != std::string_view::npos) {
            flush();
            parts_.push_back({next, {}});
        } else {
            throw Error(ErrorKind::Usage, std::string("--format: unknown token '%") + next + "'",
                        "tokens: %t %p %o %k %s (or %v) %K %S %T %h %%");
        }
    }
    flush();
}

void RecordTemplate::append(const ConsumedRecord& record, std::string& out) const {
    for (const auto& part : parts_) {
        switch (part.token) {
            case 0:
                out += part.literal;
                break;
            case 't':
                out += record.topic;
                break;
            case 'p':
                out += std::to_string(record.partition);
                break;
            case 'o':
                out += std::to_string(record.offset);
                break;
            case 'k':
                out += or_empty(record.key);
                break;
            case 's':
            case 'v':
                out += or_empty(record.value);
                break;
            case 'K':
                out += length_of(record.key);
                break;
            case 'S':
                out += length_of(record.value);
                break;
            case 'T':
                out += std::to_string(record.timestamp_ms);
                break;
            case 'h':
                for (size_t h = 0; h < record.headers.size(); ++h) {
                    if (h > 0) out += ',';
                    out += record.headers[h].first;
                    out += '=';
                    out += or_empty(record.headers[h].second);
                }
                break;
        }
    }
}

}  // namespace orderctl::core
