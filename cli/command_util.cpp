// SPDX-License-Identifier: MIT
// Registering every subcommand.
#include "commands.h"

namespace logset::cli {

void SetupCommands(CLI::App& app) {
  SetupServe(app);
  SetupKeys(app);
  SetupLogs(app);
  SetupDatasets(app);
  SetupIndex(app);
  SetupBench(app);
}

}  // namespace logset::cli
