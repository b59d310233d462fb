// SPDX-License-Identifier: MIT
// Placeholder: being written.
#include "commands.h"

namespace logset::cli {

void SetupKeys(CLI::App& app) { app.add_subcommand("keys", "(not yet available)"); }

}  // namespace logset::cli
