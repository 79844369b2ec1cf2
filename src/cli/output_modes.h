// Which -o modes each command takes, and what it does without -o: the one table that decides
// (output_modes.cpp), so that every command renders -o the same way and a mode that means
// nothing for a command is refused (exit 2) instead of being ignored. docs/json-output.md
// documents the table.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/output.h"

namespace orderctl::cli {

struct OutputModes {
    // What the command does without -o; OutputFormat::None: no document on stdout.
    OutputFormat default_mode = OutputFormat::Table;
    std::vector<OutputFormat> accepted;
};

// `command_path` is the subcommand chain ("produce", "topics list"); `was_given` tells whether
// the user gave it a flag, for commands whose output depends on one ("consume --role").
using FlagGiven = std::function<bool(const std::string& flag)>;
const OutputModes& output_modes_for(const std::string& command_path, const FlagGiven& was_given);

// The mode a command runs in: the user's -o ("" when not given) if the command takes it, else
// its default. Throws Error(Usage) naming the modes that apply.
OutputFormat choose_output_mode(const std::string& requested, const std::string& command_path,
                                const FlagGiven& was_given);

// The table as text, one row a line: "PATH[ FLAG]: MODE..." ("consume --role: jsonl json yaml
// table"), and "*: MODE..." for every command not listed. `orderctl __output-modes` prints it,
// so that tests can check that the shell completions offer exactly these modes.
std::string output_mode_rows();

}  // namespace orderctl::cli
