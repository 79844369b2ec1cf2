// ISO code lists the order format checks against.
#pragma once

#include <string_view>

namespace orderctl::core {

// An alphabetic code of ISO 4217 List One (currencies, funds, metals and the X codes).
bool is_iso4217_currency(std::string_view code);
// An officially assigned ISO 3166-1 alpha-2 country code.
bool is_iso3166_country(std::string_view code);

}  // namespace orderctl::core
