// Rendering of command results. A command builds its result once as JSON (the stable,
// documented shape) and, for terminals, a table of the same fields; the user's -o picks which.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace orderctl::cli {

using Json = nlohmann::ordered_json;

// None: the command's own default writes no document on stdout (a role service without -o);
// it is never a user's choice.
enum class OutputFormat { Table, Json, Yaml, Jsonl, None };

OutputFormat parse_output_format(const std::string& name);
std::string output_format_name(OutputFormat format);
const std::vector<std::string>& output_format_names();

struct Table {
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows;
};

// Writes `table` aligned in columns, headers upper-case.
void print_table(std::ostream& out, const Table& table);
// Writes JSON as YAML (block style), for -o yaml.
void print_yaml(std::ostream& out, const Json& value);
// Writes `data` in the chosen format to stdout: JSON pretty-printed, JSONL one compact line
// per list item (or one line for an object), YAML, or the table.
void print_result(OutputFormat format, const Json& data, const Table& table);

// Text of a JSON scalar for a table cell ("" for null, no quotes for strings).
std::string cell_text(const Json& value);

}  // namespace orderctl::cli
