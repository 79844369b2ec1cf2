#include "cli/usage_errors.h"

#include <CLI/CLI.hpp>

#include <algorithm>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/number_checks.h"
#include "core/suggest.h"

namespace orderctl::cli {
namespace {

// The subcommand the parse got deepest into: its names and flags are the valid candidates.
const CLI::App* deepest_command(const CLI::App& app) {
    const CLI::App* current = &app;
    for (;;) {
        auto parsed = current->get_subcommands();
        if (parsed.empty()) return current;
        current = parsed.front();
    }
}

// "topics create" for the create verb of topics; "" for the app itself.
std::string command_path(const CLI::App* command) {
    std::string path;
    for (; command != nullptr && command->get_parent() != nullptr; command = command->get_parent())
        path = command->get_name() + (path.empty() ? "" : " " + path);
    return path;
}

std::vector<std::string> candidate_names(const CLI::App* command) {
    std::vector<std::string> names;
    for (const CLI::App* sub : command->get_subcommands({})) names.push_back(sub->get_name());
    // Options of the command and of its parents (they fall through).
    for (const CLI::App* level = command; level != nullptr; level = level->get_parent()) {
        for (const CLI::Option* option : level->get_options({})) {
            for (const auto& name : option->get_lnames()) names.push_back("--" + name);
        }
    }
    return names;
}

}  // namespace

int report_usage_error(const CLI::App& app, const CLI::ParseError& error) {
    const CLI::App* command = deepest_command(app);
    const std::string path = command_path(command);
    const std::string where = path.empty() ? "" : path + ": ";
    const std::string help = "see 'orderctl " + (path.empty() ? "" : path + " ") + "--help'";

    // Words nobody took, from every level (global flags fall through to the top). A mistyped
    // flag says more than the value that followed it, so flags are reported first.
    std::vector<std::string> unexpected = app.remaining(true);
    std::stable_partition(unexpected.begin(), unexpected.end(),
                          [](const std::string& word) { return !word.empty() && word[0] == '-'; });
    const bool is_extras = dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr;
    const bool is_required = dynamic_cast<const CLI::RequiredError*>(&error) != nullptr;
    if ((is_extras || is_required) && !unexpected.empty()) {
        const std::string& word = unexpected.front();
        std::string bare = word.substr(0, word.find('='));
        auto match = core::closest_match(bare, candidate_names(command));
        bool is_flag = word[0] == '-';
        if (is_flag && match && *match == bare && !path.empty()) {
            // A flag of the subcommand given before it: only global flags go there.
            print_error("'" + bare + "' is a flag of '" + path + "' and goes after it",
                        "orderctl " + path + " " + word + " ...");
            return kExitUsage;
        }
        print_error(
            where + (is_flag ? "unknown flag '" : "unknown command or argument '") + word + "'",
            match ? "did you mean '" + *match + "'?" : help);
        return kExitUsage;
    }
    std::string message = error.what();
    if (is_required && message.find("subcommand") != std::string::npos) {
        std::string names;
        for (const CLI::App* sub : command->get_subcommands({}))
            names += (names.empty() ? "" : ", ") + sub->get_name();
        print_error(where + "a subcommand is required", "one of: " + names);
        return kExitUsage;
    }
    if (dynamic_cast<const CLI::ValidationError*>(&error) != nullptr)
        message = readable_validation_message(message);
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
    print_error(where + message, help);
    return kExitUsage;
}

}  // namespace orderctl::cli
