// Turns CLI11's parse errors into orderctl's usage errors: exit 2, the error format of the
// brief, and the closest valid name for a mistyped subcommand or flag.
#pragma once

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace orderctl::cli {

int report_usage_error(const CLI::App& app, const CLI::ParseError& error);

}  // namespace orderctl::cli
