// SPDX-License-Identifier: MIT
// Helpers shared by the `logset` subcommands: the --db option, opening the store, printing.
#include "cli_output.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <ostream>
#include <system_error>

#include "logset/error.h"
#include "store/sqlite_errors.h"

namespace logset::cli {

CLI::Option* AddDbOption(CLI::App* command, std::string* db) {
  return command->add_option("--db", *db, "Path of the store's SQLite file")
      ->envname("LOGSET_DB")
      ->capture_default_str();
}

std::unique_ptr<Store> OpenStore(const std::string& path) {
  StoreOptions options;
  options.path = path;
  options.on_progress = [](const std::string& line) { std::cerr << "logset: " << line << "...\n"; };
  options.logger = [](const std::string& line) { std::cerr << "logset: " << line << "\n"; };
  return Store::Open(options);
}

std::unique_ptr<Store> OpenExistingStore(const std::string& path) {
  std::error_code error;
  if (path != ":memory:" && !std::filesystem::exists(path, error)) {
    throw NotFound("cli.no_store", "no store at '" + DisplayPath(path) +
                                       "'. Check --db (or $LOGSET_DB); `logset serve`, "
                                       "`logset logs import` and `logset keys add` create one.");
  }
  return OpenStore(path);
}

void WithLogsetErrors(const std::function<void()>& body) {
  try {
    body();
  } catch (const Error&) {
    throw;
  } catch (...) {
    throw internal::TranslateCurrentException();
  }
}

std::string DisplayPath(const std::string& path) {
  if (path == ":memory:") return path;
  std::error_code error;
  const auto absolute = std::filesystem::absolute(path, error);
  return error ? path : absolute.lexically_normal().string();
}

void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(header.size());
  for (size_t i = 0; i < header.size(); ++i) widths[i] = header[i].size();
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - row[i].size() + 2, ' ');
    }
    out << line << '\n';
  };
  print_row(header);
  for (const auto& row : rows) print_row(row);
}

void PrintJson(std::ostream& out, const nlohmann::ordered_json& value) {
  out << value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace logset::cli
