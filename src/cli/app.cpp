#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.h"
#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/number_checks.h"
#include "cli/output_modes.h"
#include "cli/usage_errors.h"
#include "core/error.h"
#include "core/kafka/library.h"
#include "core/suggest.h"

namespace orderctl::cli {
namespace {

std::string version_text() {
    return std::string("orderctl ") + ORDERCTL_VERSION + " (librdkafka " +
           core::kafka::library_version() + ")";
}

void add_global_options(CLI::App& app, GlobalOptions& options) {
    app.add_option("--config", options.config_path, "Profiles file (else $ORDERCTL_CONFIG, ...)");
    app.add_option("-p,--profile", options.profile_name, "Profile to use");
    app.add_option("-b,--bootstrap-servers", options.bootstrap_servers,
                   "Brokers host:port[,host:port...]");
    app.add_option("-X", options.librdkafka_overrides, "librdkafka property key=value (repeatable)")
        ->take_last()
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    app.add_option("-o,--output", options.output,
                   "Output format: table, json, yaml, jsonl (which apply depends on the command; "
                   "see man orderctl, OUTPUT)")
        ->check(CLI::IsMember(output_format_names()));
    app.add_option("--timeout", options.timeout_seconds,
                   "Seconds to wait for the cluster before giving up (exit 5)")
        ->check(positive_seconds());
    app.add_flag("-q,--quiet", options.quiet, "Only data on stdout; no summaries or progress");
    app.add_flag("-v,--verbose", options.verbosity, "More detail on stderr (repeatable)");
}

// A subcommand's --help shows only its own options; the global ones (which fall through) are
// named in one line, on every level.
void point_to_global_options(CLI::App& command) {
    const std::string line =
        "Global options (--config, -p, -b, -X, -o, --timeout, -q, -v) go before or after the "
        "command: see 'orderctl --help'.";
    const std::string own = command.get_footer();
    command.footer(own.empty() ? line : own + "\n\n" + line);
    for (CLI::App* sub : command.get_subcommands({})) point_to_global_options(*sub);
}

// Where the command word stands: the first word that is neither a global option nor the value
// of one, so that `orderctl -v help produce` names "help". `unsure` when something comes
// before any such word that is not plainly a global option: one that is not global
// (`orderctl --group g consume`), a value missing or looking like an option, "", "-" or "--".
struct CommandWord {
    size_t index = std::string::npos;
    bool unsure = false;
};

CommandWord command_word_at(const CLI::App& app, const std::vector<std::string>& arguments) {
    constexpr size_t npos = std::string::npos;
    const CommandWord unsure{npos, true};
    // The option's value is the next word: there must be one, and not an option.
    const auto skip_value = [&arguments](size_t& i) {
        return ++i < arguments.size() && arguments[i].rfind('-', 0) != 0;
    };
    for (size_t i = 0; i < arguments.size(); ++i) {
        const std::string& word = arguments[i];
        if (word.empty() || word == "-" || word == "--") return unsure;
        if (word[0] != '-') return {i, false};
        if (word[1] == '-') {  // --name VALUE, --name=VALUE or --flag
            const size_t equals = word.find('=');
            const CLI::Option* option = app.get_option_no_throw(word.substr(0, equals));
            if (option == nullptr) return unsure;
            if (equals == npos && option->get_items_expected_max() > 0 && !skip_value(i))
                return unsure;
            continue;
        }
        // -qv, -bHOST, -qb HOST: flags, the last of which may take a value, which is the rest
        // of the word or else the next word.
        for (size_t at = 1; at < word.size(); ++at) {
            const CLI::Option* option = app.get_option_no_throw(std::string("-") + word[at]);
            if (option == nullptr) return unsure;
            if (option->get_items_expected_max() == 0) continue;
            if (at + 1 == word.size() && !skip_value(i)) return unsure;
            break;
        }
    }
    return {};
}

// Where the word "help" stands when it is the command; npos when the command is another word.
size_t help_word_at(const CLI::App& app, const std::vector<std::string>& arguments) {
    const size_t at = command_word_at(app, arguments).index;
    return at != std::string::npos && arguments[at] == "help" ? at : std::string::npos;
}

// `orderctl help [COMMAND [VERB]]` is `orderctl [COMMAND [VERB]] --help`, as in git and rpk.
std::vector<std::string> arguments_with_help_word(std::vector<std::string> arguments,
                                                  size_t help_at) {
    if (help_at != std::string::npos) {
        arguments.erase(arguments.begin() + static_cast<std::ptrdiff_t>(help_at));
        arguments.push_back("--help");
    }
    return arguments;
}

// `orderctl help WORD...`: each word must name a command (then a verb) of the one before it;
// CLI11 would print the top help for a word it does not know. Returns false after saying so.
// `from`: where the words after "help" start.
bool help_words_known(const CLI::App& app, const std::vector<std::string>& arguments, size_t from) {
    const CLI::App* level = &app;
    for (size_t i = from; i + 1 < arguments.size() && arguments[i][0] != '-'; ++i) {
        const CLI::App* next = nullptr;
        std::vector<std::string> names;
        for (const CLI::App* sub : level->get_subcommands({})) {
            names.push_back(sub->get_name());
            if (sub->get_name() == arguments[i]) next = sub;
        }
        if (next == nullptr) {
            auto match = core::closest_match(arguments[i], names);
            print_error(
                "help: unknown command '" + arguments[i] + "'",
                match ? "did you mean '" + *match + "'?" : "'orderctl --help' lists the commands");
            return false;
        }
        level = next;
    }
    return true;
}

// The chosen subcommand chain ("topics list") decides which -o modes apply.
OutputFormat choose_output(const CLI::App& app, const std::string& requested) {
    const CLI::App* leaf = &app;
    std::string path;
    while (!leaf->get_subcommands().empty()) {
        leaf = leaf->get_subcommands().front();
        path += (path.empty() ? "" : " ") + leaf->get_name();
    }
    return choose_output_mode(requested, path, [leaf](const std::string& flag) {
        try {
            return leaf->count(flag) > 0;
        } catch (const CLI::OptionNotFound&) {
            return false;
        }
    });
}

}  // namespace

int run(int argc, char** argv, const std::vector<CommandSpec>& commands) {
    Context context;
    Action action;
    CLI::App app{"orderctl: the order pipeline on Apache Kafka and Azure Event Hubs", "orderctl"};
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);
    app.fallthrough();  // global options are accepted after the subcommand too
    add_global_options(app, context.options);

    // Not a command (it is in no help): the -o table for the completion tests (docs_test.sh).
    if (argc == 2 && std::string_view(argv[1]) == "__output-modes") {
        std::cout << output_mode_rows();
        return kExitOk;
    }
    const std::vector<std::string> given(argv + 1, argv + argc);
    const size_t help_at = help_word_at(app, given);
    std::vector<std::string> arguments = arguments_with_help_word(given, help_at);

    // Only the command named gets its verbs and options built: building all of them was most
    // of orderctl's own start-up work (bench/README.md, Start-up). The others get their name
    // and description, all that --help and a suggestion for a mistyped command use. When the
    // words before the command are not plainly global options, all are built, so that a usage
    // error reads as it would with every command there (an option that is not global before
    // the command: which command it belongs to).
    const CommandWord chosen = command_word_at(app, arguments);
    for (const auto& spec : commands) {
        CLI::App* command = app.add_subcommand(spec.name, spec.description);
        command->fallthrough();
        const bool named =
            chosen.index != std::string::npos && arguments[chosen.index] == spec.name;
        if (named || chosen.unsure) spec.setup(*command, context, action);
        point_to_global_options(*command);
    }
    app.footer("'orderctl help COMMAND' (or 'orderctl COMMAND --help') shows a command's options.");

    try {
        if (help_at != std::string::npos && !help_words_known(app, arguments, help_at))
            return kExitUsage;
        // CLI11 takes the arguments in reverse order.
        std::reverse(arguments.begin(), arguments.end());
        app.parse(arguments);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return kExitOk;
    } catch (const CLI::CallForAllHelp&) {
        std::cout << app.help("", CLI::AppFormatMode::All);
        return kExitOk;
    } catch (const CLI::CallForVersion&) {
        std::cout << version_text() << '\n';
        return kExitOk;
    } catch (const CLI::ParseError& error) {
        return report_usage_error(app, error);
    }

    set_quiet(context.options.quiet);
    try {
        if (!action) throw core::Error(core::ErrorKind::Usage, "nothing to do");
        context.set_output_format(choose_output(app, context.options.output));
        return action();
    } catch (const core::Error& error) {
        print_error(error.what(), error.hint());
        return exit_code_for(error.kind());
    } catch (const std::exception& error) {
        print_error(error.what());
        return kExitFailure;
    }
}

}  // namespace orderctl::cli
