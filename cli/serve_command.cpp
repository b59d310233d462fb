// SPDX-License-Identifier: MIT
// Placeholder: being written.
#include "commands.h"

namespace logset::cli {

void SetupServe(CLI::App& app) { app.add_subcommand("serve", "(not yet available)"); }

}  // namespace logset::cli
