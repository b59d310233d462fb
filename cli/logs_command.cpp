// SPDX-License-Identifier: MIT
// Placeholder: being written.
#include "commands.h"

namespace logset::cli {

void SetupLogs(CLI::App& app) { app.add_subcommand("logs", "(not yet available)"); }

}  // namespace logset::cli
