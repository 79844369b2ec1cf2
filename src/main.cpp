#include "cli/app.h"

int main(int argc, char** argv) {
    return orderctl::cli::run(argc, argv);
}
