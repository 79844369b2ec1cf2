#include "core/order/order_generator.h"

#include <array>
#include <cstdio>

namespace orderctl::core {
namespace {

struct CatalogItem {
    const char* sku;
    const char* name;
    int64_t price_cents;
};

constexpr std::array<CatalogItem, 8> kCatalog = {{
    {"SKU-1001", "Espresso beans 1kg", 1999},
    {"SKU-1002", "Filter coffee 500g", 949},
    {"SKU-2001", "Pour-over kettle", 4900},
    {"SKU-2007", "Burr grinder", 12900},
    {"SKU-3001", "Espresso machine", 44900},
    {"SKU-4001", "Paper filters x100", 499},
    {"SKU-4002", "Milk jug", 1450},
    {"SKU-4003", "Tamper", 2299},
}};

struct Destination {
    const char* country;
    const char* city;
    const char* currency;
};

constexpr std::array<Destination, 6> kDestinations = {{
    {"DE", "Berlin", "EUR"},
    {"FR", "Lyon", "EUR"},
    {"US", "Austin", "USD"},
    {"GB", "Leeds", "GBP"},
    {"SE", "Malmo", "SEK"},
    {"CH", "Basel", "CHF"},
}};

constexpr std::array<const char*, 4> kMethods = {"card", "paypal", "invoice", "bank_transfer"};

void append_money(std::string& out, int64_t cents) {
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(cents / 100),
                  static_cast<long long>(cents % 100));
    out += text;
}

}  // namespace

OrderGenerator::OrderGenerator(uint64_t seed) : random_(seed), seed_(seed) {}

void OrderGenerator::next(std::string& out, std::string& order_id) {
    ++sequence_;
    order_id = "G" + std::to_string(seed_) + "-" + std::to_string(sequence_);
    const auto& destination = kDestinations[random_() % kDestinations.size()];
    const int item_count = 1 + static_cast<int>(random_() % 4);
    // Seconds into one day, so created_at stays a valid RFC 3339 time for any count.
    const uint64_t second = sequence_ % 86400;
    char created_at[32];
    std::snprintf(created_at, sizeof created_at, "2026-11-27T%02u:%02u:%02uZ",
                  static_cast<unsigned>(second / 3600), static_cast<unsigned>(second / 60 % 60),
                  static_cast<unsigned>(second % 60));

    out.clear();
    out += R"({"order_id":")" + order_id + R"(","customer_id":"C-)" +
           std::to_string(1000 + random_() % 9000) + R"(","created_at":")" + created_at +
           R"(","currency":")" + destination.currency + R"(","items":[)";
    int64_t total = 0;
    for (int i = 0; i < item_count; ++i) {
        const auto& item = kCatalog[random_() % kCatalog.size()];
        const int64_t quantity = 1 + static_cast<int64_t>(random_() % 3);
        total += quantity * item.price_cents;
        if (i > 0) out += ',';
        out += R"({"sku":")" + std::string(item.sku) + R"(","name":")" + item.name +
               R"(","quantity":)" + std::to_string(quantity) + R"(,"unit_price":")";
        append_money(out, item.price_cents);
        out += "\"}";
    }
    out += R"(],"total":")";
    append_money(out, total);
    out += R"(","shipping":{"name":"Load Test","street":"Main Street 1","city":")" +
           std::string(destination.city) + R"(","postal_code":"10000","country":")" +
           destination.country + R"("},"payment":{"method":")" +
           kMethods[random_() % kMethods.size()] + R"(","token":"tok_test_)" +
           std::to_string(random_() % 10000) + "\"}}";
}

}  // namespace orderctl::core
