#include "core/order/order_fast_path.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/order/decimal.h"
#include "core/order/iso_codes.h"
#include "core/order/order_text_rules.h"
#include "core/order/rfc3339.h"

namespace orderctl::core {
namespace {

using order_text::is_digit;
using order_text::is_order_id;
using order_text::is_sku;
using order_text::is_upper_letters;

// UTF-8 as RFC 3629 has it, which is what the full check's parser accepts: no overlong forms,
// no surrogates, nothing above U+10FFFF.
bool valid_utf8(const unsigned char* p, const unsigned char* end) {
    while (p < end) {
        const unsigned lead = *p;
        if (lead < 0x80) {
            ++p;
            continue;
        }
        int length;
        std::uint32_t code;
        std::uint32_t least;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2, code = lead & 0x1F, least = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3, code = lead & 0x0F, least = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4, code = lead & 0x07, least = 0x10000;
        } else {
            return false;
        }
        if (end - p < length) return false;
        for (int i = 1; i < length; ++i) {
            if ((p[i] & 0xC0) != 0x80) return false;
            code = (code << 6) | (p[i] & 0x3F);
        }
        if (code < least || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
        p += length;
    }
    return true;
}

// The subset of JSON the fast path reads. Every method is false when the text is not what it
// expects, which is never an error here, only "not sure".
class Scanner {
  public:
    explicit Scanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

    bool eat(char c) {
        if (p_ != end_ && *p_ == c) {  // compact JSON: nothing to skip first
            ++p_;
            return true;
        }
        skip_space();
        if (p_ == end_ || *p_ != c) return false;
        ++p_;
        return true;
    }
    bool peek(char c) {
        skip_space();
        return p_ != end_ && *p_ == c;
    }
    bool at_end() {
        skip_space();
        return p_ == end_;
    }
    // The next byte after any space, or NUL at the end.
    char next() {
        skip_space();
        return p_ == end_ ? '\0' : *p_;
    }
    // true, false or null.
    bool word(std::string_view expected) {
        skip_space();
        if (static_cast<std::size_t>(end_ - p_) < expected.size() ||
            std::string_view(p_, expected.size()) != expected)
            return false;
        p_ += expected.size();
        return true;
    }
    // -?(0|[1-9][0-9]*)(\.[0-9]+)? with at most 15 digits on each side of the point: a number
    // the full check's parser always takes. An exponent, or what follows, is the caller's
    // next eat() to refuse.
    bool number() {
        skip_space();
        if (p_ != end_ && *p_ == '-') ++p_;
        if (p_ == end_ || !is_digit(*p_)) return false;
        if (*p_ == '0') {
            ++p_;
        } else if (!digits()) {
            return false;
        }
        if (p_ != end_ && *p_ == '.') {
            ++p_;
            if (p_ == end_ || !is_digit(*p_) || !digits()) return false;
        }
        return true;
    }

    // A string with neither escapes nor control characters: its bytes are its value.
    bool string(std::string_view& value) {
        if (!eat('"')) return false;
        const char* start = p_;
#ifdef __SSE2__
        // Most strings of an order (names, ids, codes, amounts) end within 16 bytes: one look
        // finds the closing quote and tells whether anything before it is special, which is
        // the same verdict the byte-wise loop below comes to, in a third of its instructions.
        if (end_ - p_ >= 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
            const unsigned quotes =
                static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'))));
            if (quotes != 0) {
                const unsigned length = static_cast<unsigned>(__builtin_ctz(quotes));
                const unsigned before = (1u << length) - 1;
                const auto high = static_cast<unsigned>(_mm_movemask_epi8(bytes));  // >= 0x80
                // Signed compare: "below a space" holds for the bytes from 0x80 up as well.
                const auto below_space = static_cast<unsigned>(
                    _mm_movemask_epi8(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20))));
                const auto backslashes = static_cast<unsigned>(
                    _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))));
                if (((backslashes | (below_space & ~high)) & before) != 0) return false;
                value = std::string_view(start, length);
                p_ += length + 1;
                return (high & before) == 0 ||
                       valid_utf8(reinterpret_cast<const unsigned char*>(start),
                                  reinterpret_cast<const unsigned char*>(start + length));
            }
        }
#endif
        bool ascii = true;
        for (;;) {
            skip_plain();
            if (p_ == end_) return false;
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') break;
            if (c == '\\' || c < 0x20) return false;
            ascii = false;  // c >= 0x80: checked as UTF-8 below
            ++p_;
        }
        value = std::string_view(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        return ascii || valid_utf8(reinterpret_cast<const unsigned char*>(start),
                                   reinterpret_cast<const unsigned char*>(start + value.size()));
    }

    // A quantity: 1 to 5 digits without a leading zero. What follows must be a separator, which
    // the caller's next eat() checks, so 2.0, 1e3 and 012 are all "not sure".
    bool small_integer(int& value) {
        skip_space();
        if (p_ == end_ || *p_ < '1' || *p_ > '9') return false;
        value = 0;
        int digits = 0;
        for (; p_ != end_ && is_digit(*p_); ++p_) {
            if (++digits > 5) return false;
            value = value * 10 + (*p_ - '0');
        }
        return true;
    }

    // {"name": value, ...}: `field` reads each value after its name and colon.
    template <class Field>
    bool object(Field&& field) {
        if (!eat('{')) return false;
        if (eat('}')) return true;
        do {
            std::string_view name;
            if (!string(name) || !eat(':') || !field(name)) return false;
        } while (eat(','));
        return eat('}');
    }

  private:
    bool digits() {  // 1 to 15 of them
        const char* start = p_;
        while (p_ != end_ && is_digit(*p_)) ++p_;
        return p_ - start <= 15;
    }

    // Past the bytes a string may hold as they are: printable ASCII but '"' and '\\'. Byte by
    // byte this was most of the fast path's cost; SSE2 (every x86-64 has it) takes 16 at once.
    void skip_plain() {
#ifdef __SSE2__
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
        const __m128i space = _mm_set1_epi8(0x20);
        while (end_ - p_ >= 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
            // Signed: bytes from 0x80 up are negative, so "less than a space" catches them too.
            const __m128i special = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                _mm_cmplt_epi8(bytes, space));
            const int mask = _mm_movemask_epi8(special);
            if (mask != 0) {
                p_ += __builtin_ctz(static_cast<unsigned>(mask));
                return;
            }
            p_ += 16;
        }
#endif
        for (; p_ != end_; ++p_) {
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return;
        }
    }

    void skip_space() {
        // Orders are mostly compact JSON: one compare says "no space here" for nearly every
        // token (the four-way test on every call was a sixth of the fast path's instructions).
        if (p_ != end_ && static_cast<unsigned char>(*p_) > ' ') return;
        while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r' || *p_ == '\n')) ++p_;
    }

    const char* p_;
    const char* end_;
};

// A fixed-size load: one instruction, whatever the alignment.
template <class Word>
Word load(const char* bytes) {
    Word value;
    std::memcpy(&value, bytes, sizeof value);
    return value;
}

// A name against a literal of 1 to 16 bytes in two loads that overlap to cover it exactly,
// against constants: no memcmp call, and no partial copy through the stack either (both cost
// more than the rest of the name handling).
template <std::size_t N>
bool is(std::string_view name, const char (&literal)[N]) {
    constexpr std::size_t size = N - 1;
    static_assert(size >= 1 && size <= 16);
    if (name.size() != size) return false;
    const char* s = name.data();
    if constexpr (size >= 8) {
        return load<std::uint64_t>(s) == load<std::uint64_t>(literal) &&
               load<std::uint64_t>(s + size - 8) == load<std::uint64_t>(literal + size - 8);
    } else if constexpr (size >= 4) {
        return load<std::uint32_t>(s) == load<std::uint32_t>(literal) &&
               load<std::uint32_t>(s + size - 4) == load<std::uint32_t>(literal + size - 4);
    } else if constexpr (size >= 2) {
        return load<std::uint16_t>(s) == load<std::uint16_t>(literal) &&
               load<std::uint16_t>(s + size - 2) == load<std::uint16_t>(literal + size - 2);
    } else {
        return s[0] == literal[0];
    }
}

// Marks bit `bit` in `seen`; false when it was already there (a duplicate name).
bool first_time(unsigned& seen, unsigned bit) {
    if (seen & bit) return false;
    seen |= bit;
    return true;
}

// The names of an object's extra fields so far, which must differ from one another (the
// schema's own names are told apart by bits). Past 8 of them, "not sure".
class ExtraNames {
  public:
    bool add(std::string_view name) {
        if (count_ == names_.size()) return false;
        for (std::size_t i = 0; i < count_; ++i) {
            if (names_[i] == name) return false;
        }
        names_[count_++] = name;
        return true;
    }

  private:
    std::array<std::string_view, 8> names_;
    std::size_t count_ = 0;
};

// An extra field's value, which the full check takes as any JSON with distinct names in each
// object: here within the subset, at most 8 levels deep.
bool extra_value(Scanner& in, int depth) {
    if (depth > 8) return false;
    switch (in.next()) {
        case '{': {
            ExtraNames names;
            return in.object([&](std::string_view name) {
                return names.add(name) && extra_value(in, depth + 1);
            });
        }
        case '[':
            in.eat('[');
            if (in.eat(']')) return true;
            do {
                if (!extra_value(in, depth + 1)) return false;
            } while (in.eat(','));
            return in.eat(']');
        case '"': {
            std::string_view text;
            return in.string(text);
        }
        case 't':
            return in.word("true");
        case 'f':
            return in.word("false");
        case 'n':
            return in.word("null");
        default:
            return in.number();
    }
}

bool read_item(Scanner& in, Decimal& sum) {
    unsigned seen = 0;
    int quantity = 0;
    std::optional<Decimal> price;
    const bool read = in.object([&](std::string_view name) {
        std::string_view text;
        if (is(name, "sku")) return first_time(seen, 1) && in.string(text) && is_sku(text);
        if (is(name, "name")) return first_time(seen, 2) && in.string(text);
        if (is(name, "quantity")) return first_time(seen, 4) && in.small_integer(quantity);
        if (is(name, "unit_price")) {
            if (!first_time(seen, 8) || !in.string(text)) return false;
            price = Decimal::parse(text);
            return price.has_value();
        }
        return false;  // an unknown field: the full check names it
    });
    if (!read || (seen & (1 | 4 | 8)) != (1 | 4 | 8) || quantity > 10000) return false;
    sum += price->times(static_cast<std::uint32_t>(quantity));
    return true;
}

bool read_items(Scanner& in, Decimal& sum) {
    if (!in.eat('[') || in.peek(']')) return false;  // at least one item
    do {
        if (!read_item(in, sum)) return false;
    } while (in.eat(','));
    return in.eat(']');
}

bool read_shipping(Scanner& in) {
    unsigned seen = 0;
    ExtraNames extras;
    const bool read = in.object([&](std::string_view name) {
        std::string_view text;
        if (is(name, "country")) {
            return first_time(seen, 1) && in.string(text) && is_upper_letters(text, 2) &&
                   is_iso3166_country(text);
        }
        unsigned bit = is(name, "name")          ? 2
                       : is(name, "street")      ? 4
                       : is(name, "city")        ? 8
                       : is(name, "postal_code") ? 16
                                                 : 0;
        if (bit == 0) return extras.add(name) && extra_value(in, 1);
        return first_time(seen, bit) && in.string(text);
    });
    return read && (seen & 1);
}

bool read_payment(Scanner& in) {
    unsigned seen = 0;
    ExtraNames extras;
    const bool read = in.object([&](std::string_view name) {
        std::string_view text;
        if (is(name, "method")) {
            return first_time(seen, 1) && in.string(text) &&
                   (is(text, "card") || is(text, "paypal") || is(text, "invoice") ||
                    is(text, "bank_transfer"));
        }
        if (is(name, "token")) return first_time(seen, 2) && in.string(text);
        return extras.add(name) && extra_value(in, 1);
    });
    return read && (seen & 1);
}

}  // namespace

// The top-level string fields, in the order of their bits and of the dispatch below.
constexpr std::array<std::string_view, 5> kStringFields = {"order_id", "customer_id", "created_at",
                                                           "currency", "total"};
static_assert(kStringFields[0] == "order_id" && kStringFields[1] == "customer_id" &&
              kStringFields[2] == "created_at" && kStringFields[3] == "currency" &&
              kStringFields[4] == "total");

int fast_path_key_index(std::string_view key_field) {
    for (std::size_t i = 0; i < kStringFields.size(); ++i) {
        if (key_field == kStringFields[i]) return static_cast<int>(i);
    }
    return -1;
}

bool fast_valid_order(std::string_view line, int key_index, std::string& key) {
    if (key_index < 0 || key_index >= static_cast<int>(kStringFields.size())) return false;
    std::array<std::string_view, kStringFields.size()> strings;
    unsigned seen = 0;
    ExtraNames extras;
    Decimal sum;
    Scanner in(line);
    const bool read = in.object([&](std::string_view name) {
        const int i = is(name, "order_id")      ? 0
                      : is(name, "customer_id") ? 1
                      : is(name, "created_at")  ? 2
                      : is(name, "currency")    ? 3
                      : is(name, "total")       ? 4
                                                : -1;
        if (i >= 0) return first_time(seen, 1u << i) && in.string(strings[i]);
        if (is(name, "items")) return first_time(seen, 1u << 5) && read_items(in, sum);
        if (is(name, "shipping")) return first_time(seen, 1u << 6) && read_shipping(in);
        if (is(name, "payment")) return first_time(seen, 1u << 7) && read_payment(in);
        return extras.add(name) && extra_value(in, 1);
    });
    if (!read || seen != 0xFF || !in.at_end()) return false;

    const auto [order_id, customer_id, created_at, currency, total_text] = strings;
    (void)customer_id;  // any string will do
    if (!is_order_id(order_id) || check_rfc3339(created_at) != DateTimeCheck::Ok) return false;
    if (!is_upper_letters(currency, 3) || !is_iso4217_currency(currency)) return false;
    const std::optional<Decimal> total = Decimal::parse(total_text);
    if (!total || *total != sum) return false;

    const std::string_view value = strings[static_cast<std::size_t>(key_index)];
    if (value.empty()) return false;  // an empty key is refused, with its message
    key.assign(value);
    return true;
}

}  // namespace orderctl::core
