#include "core/order/iso_codes.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstddef>

namespace orderctl::core {

namespace {

// ISO 4217 List One: Debian iso-codes 4.15 (iso_4217.json), updated by hand with the later
// amendments: HRK withdrawn (Croatia adopted the euro in 2023), ZWG added (2024), XCG added
// (Caribbean guilder, 2025). Codes in their phase-out period (ANG, SLL, ZWL, CUC, BGN) stay:
// refusing a still-legal order is worse than accepting a code about to go. Sorted.
constexpr auto kCurrencies = std::to_array<std::string_view>({
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS",
    "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
    "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD",
    "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN",
    "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
    "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL",
    "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES",
    "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR",
    "XOF", "XPD", "XPF", "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWG", "ZWL",
});

// ISO 3166-1 alpha-2, the 249 officially assigned codes: Debian iso-codes 4.15
// (iso_3166-1.json). User-assigned codes such as XK (Kosovo) are not part of it. Sorted.
constexpr auto kCountries = std::to_array<std::string_view>({
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
});

static_assert(std::is_sorted(kCurrencies.begin(), kCurrencies.end()));
static_assert(std::is_sorted(kCountries.begin(), kCountries.end()));

// Codes of `length` upper-case letters as a bitmap indexed by the letters in base 26, built
// once: a lookup on the validator's hot path is one shift, where the sorted lists took a
// binary search of string compares.
template <std::size_t Length>
class CodeSet {
  public:
    template <typename List>
    explicit CodeSet(const List& codes) {
        for (std::string_view code : codes) bits_[index(code)] = true;
    }
    bool contains(std::string_view code) const {
        if (code.size() != Length) return false;
        for (char c : code)
            if (c < 'A' || c > 'Z') return false;
        return bits_[index(code)];
    }

  private:
    static constexpr std::size_t kSize = Length == 2 ? 26 * 26 : 26 * 26 * 26;
    static std::size_t index(std::string_view code) {
        std::size_t at = 0;
        for (char c : code) at = at * 26 + static_cast<std::size_t>(c - 'A');
        return at;
    }
    std::bitset<kSize> bits_;
};

}  // namespace

bool is_iso4217_currency(std::string_view code) {
    static const CodeSet<3> currencies(kCurrencies);
    return currencies.contains(code);
}
bool is_iso3166_country(std::string_view code) {
    static const CodeSet<2> countries(kCountries);
    return countries.contains(code);
}

}  // namespace orderctl::core
