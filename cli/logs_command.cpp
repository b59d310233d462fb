// SPDX-License-Identifier: MIT
// `logset logs import|list|get`: thin wrappers over the engine's request-log routines.
#include "logs_command.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "api/query_params.h"
#include "api/sorting.h"
#include "cli_output.h"
#include "commands.h"
#include "filter/filter_parser.h"
#include "logs/jsonl_import.h"
#include "logs/log_filter_sql.h"
#include "logs/request_log_json.h"
#include "logs/request_log_store.h"
#include "logset/error.h"
#include "store/sqlite_errors.h"
#include "store/store_access.h"
#include "util/json_parse.h"

namespace logset::cli {
namespace {

using internal::Json;

constexpr int64_t kDefaultOrgId = 1;
constexpr int64_t kMaxPageSize = 1000;

std::string OrgUuid(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT uuid FROM organizations WHERE id = ?");
  q.bind(1, kDefaultOrgId);
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

std::string PercentEncode(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

std::string Real(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::vector<std::string> TableRow(const internal::RequestLog& log) {
  const internal::LogRecord& c = log.core;
  return {c.unique_id,
          internal::FormatTimestamp(c.timestamp),
          c.model.value_or("-"),
          c.status,
          std::to_string(c.total_request_tokens),
          Real(c.cost),
          c.latency ? Real(*c.latency) : "-"};
}

}  // namespace

void RunLogsImport(const LogsImportOptions& options, std::istream& in, std::ostream& out,
                   std::ostream& err) {
  std::ifstream file;
  if (options.file != "-") {
    file.open(options.file, std::ios::binary);
    if (!file) {
      throw InvalidArgument("cli.cannot_open", "cannot open " + DisplayPath(options.file) + ".");
    }
  }
  std::istream& source = options.file == "-" ? in : file;
  const bool progress = &err == &std::cerr && isatty(STDERR_FILENO) == 1;
  // A progress line is redrawn in place; an error line first clears it.
  const char* clear = progress ? "\r\033[K" : "";

  internal::JsonlImportOptions import_options;
  import_options.org_id = kDefaultOrgId;
  import_options.environment = "prod";
  import_options.batch_size = static_cast<std::size_t>(std::max<int64_t>(1, options.batch));
  internal::JsonlImportCallbacks callbacks;
  callbacks.on_error = [&](const internal::JsonlLineError& e) {
    err << clear << "line " << e.line << ": " << e.reason << "\n";
  };
  // The counts as of the last commit: what stays in the store if the import stops early.
  internal::JsonlImportProgress committed;
  callbacks.on_progress = [&](const internal::JsonlImportProgress& p) {
    committed = p;
    if (progress) {
      err << clear << "logset: " << p.lines << " lines read, " << p.imported << " imported, "
          << p.failed << " failed" << std::flush;
    }
  };
  internal::JsonlImportProgress result;
  try {
    WithLogsetErrors([&] {
      std::unique_ptr<Store> store = OpenStore(options.db);
      result = internal::ImportRequestLogsJsonl(*store, source, import_options, callbacks);
    });
  } catch (const Error&) {
    // The store or the input failed, not a line: say what was kept before the error line.
    if (progress) err << clear;
    out << "imported " << committed.imported << ", failed " << committed.failed
        << " (stopped after line " << committed.lines << ")" << std::endl;
    throw;
  }
  if (progress) err << clear;
  out << "imported " << result.imported << ", failed " << result.failed << std::endl;
  if (result.failed > 0) {
    throw InvalidArgument("cli.import_failed", std::to_string(result.failed) + " line" +
                                                   (result.failed == 1 ? "" : "s") +
                                                   " failed; the other lines were imported.");
  }
}

void RunLogsList(const LogsListOptions& options, std::ostream& out) {
  const int64_t page_size = std::min(std::max<int64_t>(1, options.page_size), kMaxPageSize);
  const int64_t page = std::max<int64_t>(1, options.page);
  const internal::QueryParams query(
      options.sort.empty() ? "" : "sort_by=" + PercentEncode(options.sort));
  WithLogsetErrors([&] {
    const std::string order_by =
        internal::OrderByClause(query, internal::SortResource::kRequestLogs, "-timestamp");
    const filter::Filter parsed = filter::ParseFilter(
        options.filter.empty() ? Json::object() : internal::ParseJsonDocument(options.filter),
        filter::Resource::kRequestLog, "");
    std::unique_ptr<Store> store = OpenExistingStore(options.db);
    auto session = internal::StoreAccess::Read(*store);
    const internal::SqlWhere where =
        internal::CompileLogFilter(session.db(), parsed, filter::Resource::kRequestLog);
    const internal::RequestLogPage result = internal::ReadRequestLogPage(
        session, kDefaultOrgId, where, order_by, page_size, (page - 1) * page_size);
    if (options.json) {
      const std::string org_uuid = OrgUuid(session.db());
      Json results = Json::array();
      for (const internal::StoredRequestLog& s : result.logs) {
        const auto scores = result.scores.find(s.rowid);
        results.push_back(internal::RequestLogJson(
            s.log, org_uuid,
            scores == result.scores.end() ? std::vector<internal::ScoreObject>{} : scores->second));
      }
      PrintJson(out, Json{{"count", result.count},
                          {"page", page},
                          {"page_size", page_size},
                          {"results", std::move(results)}});
      return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const internal::StoredRequestLog& s : result.logs) rows.push_back(TableRow(s.log));
    PrintTable(out, {"UNIQUE_ID", "TIMESTAMP", "MODEL", "STATUS", "TOKENS", "COST", "LATENCY"},
               rows);
    const int64_t pages = (result.count + page_size - 1) / page_size;
    out << "page " << page << " of " << std::max<int64_t>(1, pages) << ", " << result.count
        << " log" << (result.count == 1 ? "" : "s") << "\n";
  });
}

void RunLogsGet(const LogsGetOptions& options, std::ostream& out) {
  WithLogsetErrors([&] {
    std::unique_ptr<Store> store = OpenExistingStore(options.db);
    auto session = internal::StoreAccess::Read(*store);
    const auto stored = internal::FindRequestLog(session.db(), kDefaultOrgId, options.unique_id);
    if (!stored) {
      throw NotFound("cli.no_log", "no request log " + options.unique_id + " in " +
                                       DisplayPath(options.db) + ".");
    }
    auto scores = internal::LoadScores(session.db(), kDefaultOrgId,
                                       internal::LogTable::kRequestLogs, {stored->rowid});
    PrintJson(out,
              internal::RequestLogJson(stored->log, OrgUuid(session.db()), scores[stored->rowid]));
  });
}

void SetupLogs(CLI::App& app) {
  CLI::App* logs = app.add_subcommand(
      "logs", "Request logs of the default organisation: import JSONL, list, show one.");
  logs->require_subcommand(1);

  auto import_options = std::make_shared<LogsImportOptions>();
  CLI::App* import_cmd = logs->add_subcommand(
      "import", "Import request logs from JSONL: one R1 body (POST /api/request-logs/) per line.");
  import_cmd->footer(
      "Lines are validated like R1; each bad line is reported on stderr with its number and "
      "reason, and every good line is imported. Blank lines are skipped. The summary line "
      "\"imported N, failed M\" goes to stdout; progress goes to stderr when it is a terminal.\n"
      "Exit status: 0 if every line was imported; 2 if any line failed (the good lines are "
      "kept) or the file cannot be opened; 5 if the store fails.");
  import_cmd->add_option("FILE", import_options->file, "JSONL file to read; - reads stdin")
      ->required();
  AddDbOption(import_cmd, &import_options->db);
  import_cmd->add_option("--batch", import_options->batch, "Valid lines committed per transaction")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}))
      ->capture_default_str();
  import_cmd->callback([import_options] { RunLogsImport(*import_options); });

  auto list_options = std::make_shared<LogsListOptions>();
  CLI::App* list = logs->add_subcommand("list", "List request logs, newest first.");
  AddDbOption(list, &list_options->db);
  list->add_option("--page", list_options->page, "Page number, from 1")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000000}))
      ->capture_default_str();
  list->add_option("--page-size", list_options->page_size, "Logs per page (at most 1000)")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000000}))
      ->capture_default_str();
  list->add_option("--sort", list_options->sort,
                   "Sort field as the API's sort_by: `cost`, `-latency`, ... (default -timestamp)");
  list->add_option("--filter", list_options->filter,
                   "Only logs matching this filter, as the API's `filters` JSON, e.g. "
                   "'{\"model\": \"gpt-4o\", \"cost\": {\"gte\": 0.01}}' (see FILTERS.md)");
  list->add_flag("--json", list_options->json,
                 "Print JSON {count, page, page_size, results} instead of a table");
  list->callback([list_options] { RunLogsList(*list_options); });

  auto get_options = std::make_shared<LogsGetOptions>();
  CLI::App* get = logs->add_subcommand("get", "Print one request log as JSON.");
  get->add_option("UID", get_options->unique_id, "The log's unique_id")->required();
  AddDbOption(get, &get_options->db);
  get->callback([get_options] { RunLogsGet(*get_options); });
}  // namespace logset::cli

}  // namespace logset::cli
