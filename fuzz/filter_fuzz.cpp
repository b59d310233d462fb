// SPDX-License-Identifier: MIT
// libFuzzer target for the filter language: any input is tried as a filter body for each resource
// and as R2 quick filters. Accepted filters are compiled, run against a small in-memory database
// and checked against the evaluator on the same rows. A crash, a sanitizer report, an exception
// other than InvalidArgument, an SQL error or a SQL/evaluator disagreement aborts.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "filter/field_catalog.h"
#include "filter/filter_compiler.h"
#include "filter/filter_evaluator.h"
#include "filter/filter_parser.h"
#include "filter/metadata_index.h"
#include "filter/quick_filters.h"
#include "logset/error.h"
#include "store/migrations.h"
#include "store/sql_functions.h"
#include "util/time.h"

namespace {

using logset::filter::Resource;
using nlohmann::ordered_json;

// Inputs longer than this only slow the fuzzer down.
constexpr size_t kMaxInput = 16 * 1024;

struct Table {
  Resource resource;
  const char* name;
  std::vector<std::int64_t> ids;
  std::vector<ordered_json> api;
};

struct World {
  std::unique_ptr<SQLite::Database> db;
  Table tables[3] = {{Resource::kRequestLog, "request_logs", {}, {}},
                     {Resource::kDatasetLog, "dataset_logs", {}, {}},
                     {Resource::kDataset, "datasets", {}, {}}};
};

// Stored JSON text: compact, JSON null as SQL NULL.
ordered_json Stored(const ordered_json& v) { return v.is_null() ? v : ordered_json(v.dump()); }

void Insert(SQLite::Database& db, Table& t,
            const std::vector<std::pair<std::string, ordered_json>>& cols, ordered_json api) {
  std::string names, marks;
  for (const auto& [name, v] : cols) {
    names += (names.empty() ? "" : ", ") + name;
    marks += marks.empty() ? "?" : ", ?";
  }
  SQLite::Statement q(
      db, std::string("INSERT INTO ") + t.name + " (" + names + ") VALUES (" + marks + ")");
  int i = 1;
  for (const auto& [name, v] : cols) {
    if (v.is_null())
      q.bind(i);
    else if (v.is_string())
      q.bind(i, v.get<std::string>());
    else if (v.is_number_integer())
      q.bind(i, v.get<int64_t>());
    else
      q.bind(i, v.get<double>());
    ++i;
  }
  q.exec();
  t.ids.push_back(db.getLastInsertRowid());
  t.api.push_back(std::move(api));
}

// A few logs with the values filters trip over: nulls, Unicode case pairs, wildcards, numeric
// strings, mixed-type metadata, JSON-looking strings.
void AddLog(World& w, Table& t, int n, const char* model, const ordered_json& input,
            const ordered_json& metadata, const ordered_json& latency) {
  const bool request = t.resource == Resource::kRequestLog;
  const std::int64_t ts = 1753517400000000LL + n * 1500000LL;
  char uid[33];
  std::snprintf(uid, sizeof uid, "%032x", n);
  std::vector<std::pair<std::string, ordered_json>> cols = {
      {"org_id", 1},
      {"unique_id", uid},
      {"timestamp", ts},
      {"start_time", ts},
      {"environment", "prod"},
      {"model", model == nullptr ? ordered_json() : ordered_json(model)},
      {"status", "success"},
      {"status_code", 200 + n},
      {"prompt_tokens", n},
      {"completion_tokens", 1},
      {"total_request_tokens", n + 1},
      {"cost", n * 0.5},
      {"latency", latency},
      {"stream", n % 2},
      {"input", Stored(input)},
      {"output", Stored(metadata)},
      {"metadata", metadata.dump()},
      {"tools", Stored(n % 2 ? ordered_json::array({"a", 1}) : ordered_json())}};
  ordered_json api = {{"unique_id", uid},
                      {"id", uid},
                      {"timestamp", logset::internal::FormatTimestamp(ts)},
                      {"start_time", logset::internal::FormatTimestamp(ts)},
                      {"environment", "prod"},
                      {"model", cols[5].second},
                      {"status", "success"},
                      {"status_code", 200 + n},
                      {"prompt_tokens", n},
                      {"completion_tokens", 1},
                      {"total_request_tokens", n + 1},
                      {"cost", n * 0.5},
                      {"latency", latency},
                      {"stream", n % 2 == 1},
                      {"metadata", metadata},
                      {"tools", n % 2 ? ordered_json::array({"a", 1}) : ordered_json()},
                      {"scores", ordered_json::object()}};
  auto render = [&](const ordered_json& v) {
    return request && !v.is_null() && !v.is_string() ? ordered_json(v.dump()) : v;
  };
  api["input"] = render(input);
  api["output"] = render(metadata);
  if (request) {
    // The columns' defaults, as the API object always shows them.
    api["is_pinned"] = false;
    api["prompt_cache_hit_tokens"] = 0;
    api["prompt_cache_creation_tokens"] = 0;
  } else {
    cols.emplace_back("dataset_id", 1);
    cols.emplace_back("created_at", ts);
    cols.emplace_back("updated_at", ts);
    api["dataset_id"] = "ds-1";
    api["created_at"] = api["timestamp"];
    api["updated_at"] = api["timestamp"];
    api["messages"] = ordered_json::array();
    api["annotation_status"] = "pending";
  }
  Insert(*w.db, t, cols, api);
}

World& TheWorld() {
  static World* world = [] {
    auto* w = new World();
    w->db = std::make_unique<SQLite::Database>(":memory:",
                                               SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    logset::internal::RegisterSqlFunctions(w->db->getHandle());
    logset::internal::Migrate(*w->db);
    w->db->exec("INSERT INTO organizations (id, uuid, name, created_at) VALUES (1, 'o', 'o', 0)");
    w->db->exec(
        "INSERT INTO datasets (id, org_id, uuid, name, created_at, updated_at) "
        "VALUES (1, 1, 'ds-1', 'Äpfel', 0, 0)");
    w->tables[2].ids.push_back(1);
    w->tables[2].api.push_back({{"id", "ds-1"},
                                {"name", "Äpfel"},
                                {"description", ""},
                                {"type", "sampling"},
                                {"status", "ready"},
                                {"starred", false},
                                {"log_count", 0},
                                {"created_at", logset::internal::FormatTimestamp(0)},
                                {"updated_at", logset::internal::FormatTimestamp(0)}});
    const ordered_json metadata[] = {
        ordered_json::parse(R"({"tier": "gold", "n": 10, "s": "10", "b": true, "tags": ["a", 1]})"),
        ordered_json::parse(R"({"tier": "GOLD", "n": "9", "nested": {"a": null, "b c": [true]}})"),
        ordered_json::parse(R"({"we\"ird.key": "Σσς", "": 0, "x": 1e20, "tier": 10.0})"),
        ordered_json::object()};
    const ordered_json inputs[] = {"hello World", ordered_json::parse(R"([{"role": "user"}])"),
                                   "[1,2]", nullptr};
    const char* models[] = {"Straße 50%_off", "STRASSE", nullptr, "äpfel*?[\\"};
    for (Table* t : {&w->tables[0], &w->tables[1]}) {
      for (int n = 0; n < 4; ++n) {
        AddLog(*w, *t, n, models[n], inputs[n], metadata[n],
               n == 2 ? ordered_json() : ordered_json(n * 0.25));
      }
    }
    logset::filter::CreateMetadataIndex(*w->db, Resource::kRequestLog, "tier");
    return w;
  }();
  return *world;
}

void Check(World& w, Table& t, const logset::filter::Filter& filter) {
  logset::filter::CompileOptions options;
  options.indexed_metadata_paths = logset::filter::LoadMetadataIndexes(*w.db, t.resource);
  const logset::filter::CompiledFilter c =
      logset::filter::CompileFilter(filter, t.resource, options);
  std::set<std::int64_t> sql;
  try {
    SQLite::Statement q(*w.db, std::string("SELECT id FROM ") + t.name + " WHERE " + t.name +
                                   ".org_id = 1 AND (" + c.sql + ")");
    logset::filter::BindParams(q, 1, c.params);
    while (q.executeStep()) sql.insert(q.getColumn(0).getInt64());
  } catch (const SQLite::Exception& e) {
    std::fprintf(stderr, "SQL error: %s\n%s\n", e.what(), c.sql.c_str());
    std::abort();
  }
  for (size_t i = 0; i < t.ids.size(); ++i) {
    if ((sql.count(t.ids[i]) != 0) != logset::filter::Matches(filter, t.resource, t.api[i])) {
      std::fprintf(stderr, "SQL and evaluator disagree on %s\nrow %s\n", c.sql.c_str(),
                   t.api[i].dump().c_str());
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return 0;
  const ordered_json input = ordered_json::parse(data, data + size, nullptr, false);
  if (input.is_discarded()) return 0;
  World& w = TheWorld();
  for (Table& t : w.tables) {
    try {
      Check(w, t, logset::filter::ParseFilter(input, t.resource, "/filters"));
    } catch (const logset::InvalidArgument&) {
    }
  }
  if (input.is_object()) {  // the same object as query parameters, values as text
    std::vector<std::pair<std::string, std::string>> params;
    for (const auto& item : input.items()) {
      params.emplace_back(item.key(), item.value().is_string() ? item.value().get<std::string>()
                                                               : item.value().dump());
    }
    try {
      Check(w, w.tables[0], logset::filter::ParseQuickFilters(params, Resource::kRequestLog));
    } catch (const logset::InvalidArgument&) {
    }
  }
  return 0;
}
