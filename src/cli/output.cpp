#include "cli/output.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include <yaml-cpp/yaml.h>

#include "core/error.h"

namespace orderctl::cli {

const std::vector<std::string>& output_format_names() {
    static const std::vector<std::string> names = {"table", "json", "yaml", "jsonl"};
    return names;
}

OutputFormat parse_output_format(const std::string& name) {
    if (name == "table") return OutputFormat::Table;
    if (name == "json") return OutputFormat::Json;
    if (name == "yaml") return OutputFormat::Yaml;
    if (name == "jsonl") return OutputFormat::Jsonl;
    throw core::Error(core::ErrorKind::Usage, "unknown output format '" + name + "'",
                      "use one of: table, json, yaml, jsonl");
}

std::string output_format_name(OutputFormat format) {
    switch (format) {
        case OutputFormat::Table:
            return "table";
        case OutputFormat::Json:
            return "json";
        case OutputFormat::Yaml:
            return "yaml";
        case OutputFormat::Jsonl:
            return "jsonl";
        case OutputFormat::None:
            break;
    }
    return "none";
}

std::string cell_text(const Json& value) {
    if (value.is_null()) return "";
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) {
        std::string joined;
        for (const auto& item : value) joined += (joined.empty() ? "" : ",") + cell_text(item);
        return joined;
    }
    return value.dump();
}

void print_table(std::ostream& out, const Table& table) {
    std::vector<size_t> widths(table.headers.size(), 0);
    for (size_t i = 0; i < table.headers.size(); ++i) widths[i] = table.headers[i].size();
    for (const auto& row : table.rows)
        for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());

    auto print_row = [&](const std::vector<std::string>& cells, bool upper) {
        std::string line;
        for (size_t i = 0; i < widths.size(); ++i) {
            std::string cell = i < cells.size() ? cells[i] : "";
            if (upper) std::transform(cell.begin(), cell.end(), cell.begin(), ::toupper);
            line += cell;
            if (i + 1 < widths.size()) line += std::string(widths[i] - cell.size() + 2, ' ');
        }
        // No trailing blanks: they annoy `cut`, `awk` and diff users.
        line.erase(line.find_last_not_of(' ') + 1);
        out << line << '\n';
    };
    print_row(table.headers, true);
    for (const auto& row : table.rows) print_row(row, false);
}

namespace {

bool looks_like_yaml_scalar_of_other_type(const std::string& text) {
    static const std::vector<std::string> words = {
        "true", "false", "yes", "no", "on", "off", "null", "~", "True", "False", "Null", "NULL"};
    if (text.empty() || std::find(words.begin(), words.end(), text) != words.end()) return true;
    char* end = nullptr;
    std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

void emit_yaml(YAML::Emitter& emitter, const Json& value) {
    if (value.is_object()) {
        emitter << YAML::BeginMap;
        for (const auto& [key, item] : value.items()) {
            emitter << YAML::Key << key << YAML::Value;
            emit_yaml(emitter, item);
        }
        emitter << YAML::EndMap;
    } else if (value.is_array()) {
        emitter << YAML::BeginSeq;
        for (const auto& item : value) emit_yaml(emitter, item);
        emitter << YAML::EndSeq;
    } else if (value.is_null()) {
        emitter << YAML::Null;
    } else if (value.is_string()) {
        // Quote strings that YAML would read back as another type ("123", "true", "null");
        // yaml-cpp itself quotes those with special characters.
        const auto text = value.get<std::string>();
        if (looks_like_yaml_scalar_of_other_type(text)) emitter << YAML::DoubleQuoted;
        emitter << text;
    } else {
        emitter << value.dump();
    }
}

}  // namespace

void print_yaml(std::ostream& out, const Json& value) {
    YAML::Emitter emitter;
    emit_yaml(emitter, value);
    out << emitter.c_str() << '\n';
}

void print_result(OutputFormat format, const Json& data, const Table& table) {
    switch (format) {
        case OutputFormat::Table:
            print_table(std::cout, table);
            break;
        case OutputFormat::Json:
            // Text from outside (a path, a broker's message) may not be UTF-8: replaced, not a
            // type_error that would lose the document and the exit code.
            std::cout << data.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
            break;
        case OutputFormat::Jsonl:
            // JSON Lines: a list becomes one object per line, for `while read` and `jq -c`.
            if (data.is_array()) {
                for (const auto& item : data)
                    std::cout << item.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
            } else {
                std::cout << data.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
            }
            break;
        case OutputFormat::Yaml:
            print_yaml(std::cout, data);
            break;
        case OutputFormat::None:
            return;
    }
    std::cout.flush();
}

}  // namespace orderctl::cli
