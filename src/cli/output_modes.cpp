#include "cli/output_modes.h"

#include <algorithm>

#include "core/error.h"

namespace orderctl::cli {
namespace {

using F = OutputFormat;

struct Entry {
    const char* path;
    const char* flag;  // nullptr: the command itself; else only when this flag was given
    OutputModes modes;
};

const OutputModes kDocuments = {F::Table, {F::Table, F::Json, F::Yaml, F::Jsonl}};

// Every command not listed prints one result document (kDocuments).
const std::vector<Entry>& entries() {
    static const std::vector<Entry> table = {
        // The records are a stream: envelope lines, to be piped into `produce --envelope`.
        {"consume", nullptr, {F::Jsonl, {F::Jsonl}}},
        // A service: its outcomes as they happen (jsonl), or one document when it stops
        // (json, yaml, table); without -o its summary goes to stderr only.
        {"consume", "--role", {F::None, {F::Jsonl, F::Json, F::Yaml, F::Table}}},
        // The summary of the run: for people on stderr (table), as a document on stdout
        // (json, yaml). Per-line outcomes are --report's job.
        {"produce", nullptr, {F::Table, {F::Table, F::Json, F::Yaml}}},
        // Kubernetes manifests, for kubectl: YAML is the only form.
        {"deploy", nullptr, {F::Yaml, {F::Yaml}}},
    };
    return table;
}

std::string mode_list(const std::vector<OutputFormat>& modes) {
    std::string out;
    for (auto mode : modes) out += (out.empty() ? "" : ", ") + output_format_name(mode);
    return out;
}

std::string mode_words(const std::vector<OutputFormat>& modes) {
    std::string out;
    for (auto mode : modes) out += (out.empty() ? "" : " ") + output_format_name(mode);
    return out;
}

}  // namespace

std::string output_mode_rows() {
    std::string rows;
    for (const auto& entry : entries())
        rows += std::string(entry.path) + (entry.flag ? std::string(" ") + entry.flag : "") + ": " +
                mode_words(entry.modes.accepted) + "\n";
    return rows + "*: " + mode_words(kDocuments.accepted) + "\n";
}

const OutputModes& output_modes_for(const std::string& command_path, const FlagGiven& was_given) {
    const OutputModes* found = &kDocuments;
    for (const auto& entry : entries()) {
        if (command_path != entry.path) continue;
        if (entry.flag == nullptr || was_given(entry.flag)) found = &entry.modes;
    }
    return *found;
}

OutputFormat choose_output_mode(const std::string& requested, const std::string& command_path,
                                const FlagGiven& was_given) {
    const OutputModes& modes = output_modes_for(command_path, was_given);
    if (requested.empty()) return modes.default_mode;
    const OutputFormat format = parse_output_format(requested);
    if (std::find(modes.accepted.begin(), modes.accepted.end(), format) != modes.accepted.end())
        return format;
    std::string who = command_path;
    for (const auto& entry : entries())
        if (command_path == entry.path && entry.flag && was_given(entry.flag))
            who += std::string(" ") + entry.flag;
    throw core::Error(core::ErrorKind::Usage,
                      "-o " + requested + " does not apply to '" + who + "'",
                      "'" + who + "' takes -o " + mode_list(modes.accepted));
}

}  // namespace orderctl::cli
