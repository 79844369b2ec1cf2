#include "core/order/rfc3339.h"

namespace orderctl::core {

namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
    if (at + count > text.size()) return false;
    value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        char c = text[i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    return true;
}

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

}  // namespace

DateTimeCheck check_rfc3339(std::string_view t) {
    int year, month, day, hour, minute, second;
    // Fixed part: YYYY-MM-DDThh:mm:ss (19 characters).
    if (!digits(t, 0, 4, year) || t.size() < 19 || t[4] != '-' || !digits(t, 5, 2, month) ||
        t[7] != '-' || !digits(t, 8, 2, day) || t[10] != 'T' || !digits(t, 11, 2, hour) ||
        t[13] != ':' || !digits(t, 14, 2, minute) || t[16] != ':' || !digits(t, 17, 2, second)) {
        return DateTimeCheck::BadFormat;
    }
    std::size_t at = 19;
    if (at < t.size() && t[at] == '.') {
        std::size_t start = ++at;
        while (at < t.size() && t[at] >= '0' && t[at] <= '9') ++at;
        if (at == start) return DateTimeCheck::BadFormat;  // "30.Z"
    }
    int offset_hour = 0, offset_minute = 0;
    if (at < t.size() && t[at] == 'Z') {
        ++at;
    } else if (at < t.size() && (t[at] == '+' || t[at] == '-')) {
        if (!digits(t, at + 1, 2, offset_hour) || at + 3 >= t.size() || t[at + 3] != ':' ||
            !digits(t, at + 4, 2, offset_minute)) {
            return DateTimeCheck::BadFormat;
        }
        at += 6;
    } else {
        return DateTimeCheck::BadFormat;
    }
    if (at != t.size()) return DateTimeCheck::BadFormat;

    // Year 0000 is in RFC 3339's grammar, but most readers (Python's datetime, the reference
    // checker's) cannot represent it: refuse it rather than let a role fail on it later.
    if (year == 0 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
        hour > 23 || minute > 59 || second > 60 || offset_hour > 23 || offset_minute > 59) {
        return DateTimeCheck::NotARealDate;
    }
    return DateTimeCheck::Ok;
}

}  // namespace orderctl::core
