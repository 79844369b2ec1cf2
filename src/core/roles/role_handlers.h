// The built-in handlers of the three role services. Each takes one valid order (the JSON
// line) and returns its outcome, a JSON object published to the role's output topic.
// Pure functions of the order and the role's settings: unit-tested without a broker.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/order/decimal.h"

namespace orderctl::core {

enum class Role { Inventory, Payment, Fulfillment };

std::optional<Role> parse_role(std::string_view name);
const char* role_name(Role role);

struct RoleSettings {
    std::optional<std::set<std::string>> catalog;  // inventory: known SKUs; none = all known
    std::optional<Decimal> limit;                  // payment: decline above this amount
};

struct RoleOutcome {
    std::string kind;  // reserved | rejected | authorized | declined | shipment-requested
    std::string json;  // the outcome record, one compact JSON object
};

// `order` must have passed OrderValidator. Throws Error(Failure) if it cannot be read.
RoleOutcome handle_order(Role role, std::string_view order, const RoleSettings& settings);

// The warehouse serving a shipping country (ISO 3166-1 alpha-2); see docs/roles.md.
const char* warehouse_for(std::string_view country);

// Reads a catalog file: one SKU per line (blank lines and # comments ignored).
std::set<std::string> load_catalog(const std::string& path);

}  // namespace orderctl::core
