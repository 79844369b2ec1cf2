#include "cli/app.h"
#include "commands/registry.h"

int main(int argc, char** argv) {
    return orderctl::cli::run(argc, argv, orderctl::commands::all_commands());
}
