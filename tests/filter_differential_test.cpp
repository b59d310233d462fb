// SPDX-License-Identifier: MIT
// SQL back end versus in-memory evaluator over random filters and random rows: same result sets.
//
// Rows are inserted directly into an in-memory database with the schema, and each row's API JSON
// is built here the way API.md 4 renders it. Filters are random JSON in every shape FILTERS.md
// accepts. Reproduce a failure with LOGSET_FILTER_SEED=<seed printed> (default seed is fixed).
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "filter/filter_compiler.h"
#include "filter/filter_evaluator.h"
#include "filter/filter_parser.h"
#include "filter/metadata_index.h"
#include "filter/operators.h"
#include "filter/value_coercion.h"
#include "filter_test_util.h"
#include "logset/error.h"
#include "util/time.h"

namespace logset::filter {
namespace {

using nlohmann::ordered_json;

TEST_SUITE_BEGIN("filter differential");

// Strings chosen to break naive implementations: case folding beyond ASCII (Ä/ä, ß/ẞ, Σσς, İ,
// ǅ, ﬁ, K/k), LIKE and GLOB wildcards, numeric strings, JSON-looking strings, whitespace.
const char* const kStrings[] = {"",
                                "gpt-4o",
                                "GPT-4O-mini",
                                "gpt-4o-mini",
                                "Äpfel",
                                "äpfel",
                                "ÄPFEL",
                                "straße",
                                "STRASSE",
                                "Straße",
                                "ẞ",
                                "ß",
                                "ΣΊΣΥΦΟΣ",
                                "σίσυφος",
                                "Σσς",
                                "ς",
                                "İstanbul",
                                "istanbul",
                                "ǅ",
                                "ǆ",
                                "ﬁ",
                                "K",
                                "k",
                                "50%_off",
                                "a_b",
                                "a%b",
                                "*?[]\\",
                                "[abc]",
                                "back\\slash",
                                "日本語",
                                "emoji 😀",
                                "10",
                                "9",
                                "10.0",
                                "1e3",
                                "-5",
                                "007",
                                " 10",
                                "abc",
                                "true",
                                "null",
                                "[1,2]",
                                "{\"a\":1}",
                                "[]",
                                "{}",
                                "hello world",
                                "Hello  WORLD again",
                                "tab\there",
                                "line\nbreak",
                                "quote\"d",
                                "it's",
                                "x",
                                "gold",
                                "silver",
                                "GOLD",
                                "0",
                                "1",
                                "1.0",
                                "-0",
                                "0.5",
                                "+2",
                                ".5",
                                "1e400",
                                "9007199254740993"};

const char* const kRegexes[] = {"^gpt", "[0-9]+", "a.c",    "ä",   "^$",  "(?:x|y)", "\\d",
                                ".*",   "PFEL$",  "^[A-Z]", "\\s", "ß|ẞ", "\\[",     "o{2}"};

const char* const kLikePatterns[] = {"%pfel", "gpt%", "_",    "%ß%",  "a_b",     "%", "__",
                                     "%10%",  "σ%",   "%\\%", "g_ld", "STRASSE", "%ς"};

const char* const kMetadataKeys[] = {"tier",   "score", "user_id", "tags",        "a",
                                     "nested", "a.b",   "we\"ird", "we\"ird.key", "k[0]",
                                     "",       "ключ",  "UPPER",   "a__b"};

class Random {
 public:
  explicit Random(std::uint64_t seed) : gen_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(gen_); }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Int(0, N - 1)];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Int(0, static_cast<int>(items.size()) - 1)];
  }

  std::string String() {
    std::string s = Pick(kStrings);
    if (Chance(0.2)) s += Pick(kStrings);
    return s;
  }
  ordered_json Number() {
    switch (Int(0, 7)) {
      case 0:
        return Int(-3, 12);
      case 1:
        return Int(0, 4) * 0.5;
      case 2:
        return 10.0;
      case 3:
        return 9007199254740993LL;
      case 4:
        return 1e20;
      case 5:
        return -0.25;
      case 6:
        return 0.1;
      default:
        return Int(100, 600);
    }
  }
  ordered_json Scalar() {
    switch (Int(0, 5)) {
      case 0:
        return nullptr;
      case 1:
        return Chance(0.5);
      case 2:
      case 3:
        return Number();
      default:
        return String();
    }
  }
  // A small pool, so that arrays and overlap lists often share elements.
  ordered_json Small() {
    switch (Int(0, 8)) {
      case 0:
        return "gold";
      case 1:
        return "GOLD";
      case 2:
        return "1";
      case 3:
        return 1;
      case 4:
        return 2.0;
      case 5:
        return true;
      case 6:
        return false;
      case 7:
        return nullptr;
      default:
        return "Äpfel";
    }
  }
  ordered_json Json(int depth = 0) {
    int kind = Int(0, depth >= 2 ? 3 : 6);
    if (kind <= 3) return Scalar();
    if (kind == 4) {
      ordered_json a = ordered_json::array();
      for (int i = Int(0, 3); i > 0; --i) a.push_back(Chance(0.6) ? Small() : Json(depth + 1));
      return a;
    }
    ordered_json o = ordered_json::object();
    for (int i = Int(0, 3); i > 0; --i) o[Pick(kMetadataKeys)] = Json(depth + 1);
    return o;
  }
  // Whole minutes half of the time, so that equality on timestamps sometimes holds.
  std::int64_t Micros() {
    if (Chance(0.5)) return 1753500000000000LL + Int(0, 20) * 60000000LL;
    return 1753500000000000LL + Int(0, 2000) * 60000000LL + Int(0, 999999);
  }

 private:
  std::mt19937_64 gen_;
};

// One row: the values to insert (by column) and the API object the evaluator sees.
struct Row {
  std::vector<std::pair<std::string, ordered_json>> columns;
  ordered_json api = ordered_json::object();
};

// Stored JSON text: compact, JSON null as SQL NULL (as the store writes it).
ordered_json Stored(const ordered_json& v) { return v.is_null() ? v : ordered_json(v.dump()); }

void Put(Row& row, const std::string& name, const ordered_json& column, const ordered_json& api) {
  row.columns.emplace_back(name, column);
  row.api[name] = api;
}

void Put(Row& row, const std::string& name, const ordered_json& v) { Put(row, name, v, v); }

Row RandomLog(Random& r, Resource resource, int id) {
  Row row;
  char uid[33];
  std::snprintf(uid, sizeof uid, "%032x", id);
  Put(row, "unique_id", uid);
  for (const char* ts : {"timestamp", "start_time"}) {
    const std::int64_t t = r.Micros();
    Put(row, ts, t, internal::FormatTimestamp(t));
  }
  Put(row, "environment", r.Chance(0.5) ? "prod" : "test");
  for (const char* text :
       {"log_type", "model", "provider_id", "error_message", "customer_identifier",
        "custom_identifier", "thread_identifier", "group_identifier", "trace_unique_id",
        "span_name", "span_workflow_name", "span_parent_id", "prompt_id", "prompt_name"}) {
    Put(row, text, r.Chance(0.25) ? ordered_json() : ordered_json(r.String()));
  }
  Put(row, "status", r.Chance(0.8) ? "success" : "error");
  Put(row, "status_code", r.Pick(std::vector<int>{200, 201, 400, 404, 500}));
  for (const char* n : {"prompt_tokens", "completion_tokens", "total_request_tokens"})
    Put(row, n, r.Int(0, 50));
  Put(row, "cost", r.Int(0, 8) * 0.25);
  for (const char* n : {"latency", "time_to_first_token", "tokens_per_second", "temperature"}) {
    Put(row, n, r.Chance(0.3) ? ordered_json() : ordered_json(r.Int(0, 20) * 0.5));
  }
  Put(row, "max_tokens", r.Chance(0.5) ? ordered_json() : ordered_json(r.Int(1, 9)));
  const bool stream = r.Chance(0.5);
  Put(row, "stream", stream ? 1 : 0, stream);
  const int feedback = r.Int(0, 2);
  Put(row, "positive_feedback", feedback == 2 ? ordered_json() : ordered_json(feedback),
      feedback == 2 ? ordered_json() : ordered_json(feedback == 1));
  for (const char* j : {"tools", "tool_calls"}) {
    const ordered_json v = r.Chance(0.3) ? ordered_json() : r.Json();
    Put(row, j, Stored(v), v);
  }
  for (const char* j : {"input", "output"}) {
    const ordered_json v = r.Chance(0.15) ? ordered_json() : r.Json();
    // Request logs render input/output as strings: a string as is, anything else as JSON text.
    const ordered_json api = resource == Resource::kRequestLog && !v.is_null() && !v.is_string()
                                 ? ordered_json(v.dump())
                                 : v;
    Put(row, j, Stored(v), api);
  }
  ordered_json metadata = ordered_json::object();
  for (int i = r.Int(0, 4); i > 0; --i)
    metadata[r.Pick(kMetadataKeys)] = r.Chance(0.3) ? r.Small() : r.Json();
  if (r.Chance(0.3)) metadata["nested"] = {{"a", r.Scalar()}, {"b c", r.Json(1)}};
  Put(row, "metadata", metadata.dump(), metadata);
  if (resource == Resource::kRequestLog) {
    Put(row, "customer_email", r.Chance(0.5) ? ordered_json() : ordered_json(r.String()));
    const bool pinned = r.Chance(0.3);
    Put(row, "is_pinned", pinned ? 1 : 0, pinned);
    Put(row, "note", r.Chance(0.5) ? ordered_json() : ordered_json(r.String()));
    Put(row, "prompt_cache_hit_tokens", r.Int(0, 3));
    Put(row, "prompt_cache_creation_tokens", r.Int(0, 3));
    for (const char* j : {"prompt_messages", "completion_message"}) {
      const ordered_json v = r.Chance(0.3) ? ordered_json() : r.Json();
      Put(row, j, Stored(v), v);
    }
  } else {
    row.columns.emplace_back("dataset_id", 1);
    row.api["dataset_id"] = "ds-1";
    for (const char* t : {"prompt", "completion", "source_log_id"}) {
      Put(row, t, r.Chance(0.3) ? ordered_json() : ordered_json(r.String()));
    }
    Put(row, "annotation_status", r.Chance(0.5) ? "pending" : "completed");
    for (const char* ts : {"created_at", "updated_at"}) {
      const std::int64_t t = r.Micros();
      Put(row, ts, t, internal::FormatTimestamp(t));
    }
    const ordered_json expected = r.Chance(0.3) ? ordered_json() : r.Json();
    Put(row, "expected_output", Stored(expected), expected);
    const ordered_json messages = r.Chance(0.5) ? ordered_json::array() : r.Json();
    Put(row, "messages", messages.dump(), messages);
  }
  row.columns.emplace_back("org_id", 1);
  return row;
}

Row RandomDataset(Random& r, int id) {
  Row row;
  const std::string uuid = "uuid-" + std::to_string(id);
  row.columns.emplace_back("uuid", uuid);
  row.api["id"] = uuid;
  Put(row, "name", r.String());
  Put(row, "description", r.String());
  Put(row, "type", r.Chance(0.5) ? "sampling" : "llm");
  Put(row, "status", "ready");
  const bool starred = r.Chance(0.5);
  Put(row, "starred", starred ? 1 : 0, starred);
  Put(row, "log_count", r.Int(0, 20));
  for (const char* ts : {"created_at", "updated_at"}) {
    const std::int64_t t = r.Micros();
    Put(row, ts, t, internal::FormatTimestamp(t));
  }
  row.columns.emplace_back("org_id", 1);
  return row;
}

std::int64_t Insert(SQLite::Database& db, const char* table, const Row& row) {
  std::string names, marks;
  for (const auto& [name, value] : row.columns) {
    names += (names.empty() ? "" : ", ") + name;
    marks += marks.empty() ? "?" : ", ?";
  }
  SQLite::Statement insert(
      db, std::string("INSERT INTO ") + table + " (" + names + ") VALUES (" + marks + ")");
  int i = 1;
  for (const auto& [name, v] : row.columns) {
    if (v.is_null()) {
      insert.bind(i);
    } else if (v.is_string()) {
      insert.bind(i, v.get<std::string>());
    } else if (v.is_number_integer()) {
      insert.bind(i, v.get<int64_t>());
    } else {
      insert.bind(i, v.get<double>());
    }
    ++i;
  }
  insert.exec();
  return db.getLastInsertRowid();
}

// Scores: evaluator e1 numeric, e2 sometimes non-numeric (numeric_value NULL).
void AddScores(Random& r, SQLite::Database& db, Resource resource, std::int64_t id, Row& row) {
  ordered_json scores = ordered_json::object();
  for (const char* evaluator : {"e1", "e2"}) {
    if (r.Chance(0.4)) continue;
    const bool numeric = std::string(evaluator) == "e1" || r.Chance(0.5);
    const ordered_json value = numeric ? ordered_json(r.Int(0, 4) * 0.25) : ordered_json("good");
    SQLite::Statement insert(
        db, std::string("INSERT INTO eval_scores (") +
                (resource == Resource::kRequestLog ? "request_log_id" : "dataset_log_id") +
                ", evaluator_id, score_value, numeric_value, created_at) VALUES (?, ?, ?, ?, 0)");
    insert.bind(1, static_cast<int64_t>(id));
    insert.bind(2, evaluator);
    insert.bind(3, value.dump());
    if (numeric) {
      insert.bind(4, value.get<double>());
    } else {
      insert.bind(4);
    }
    insert.exec();
    scores[evaluator] = {{"evaluator_id", evaluator}, {"score_value", value}};
  }
  row.api["scores"] = scores;
}

// ---- random filters ----

const char* const kEqualities[] = {"", "=", "==", "eq", "equals", "exact", "in", "IN"};
const char* const kNegations[] = {"!=",         "<>",     "ne",  "not",   "not_equal",
                                  "not_equals", "not_in", "nin", "NOT IN"};
const char* const kOrdered[] = {"gt", ">",   "gte", ">=",           "lt",
                                "<",  "lte", "<=",  "greater_than", "less_than_or_equal"};
const char* const kPresence[] = {"isnull", "empty", "is_empty", "isempty", "not_empty", "notEmpty"};
const char* const kTextOps[] = {"iexact",
                                "contains",
                                "not_contains",
                                "icontains",
                                "startswith",
                                "startsWith",
                                "not_startswith",
                                "endswith",
                                "endsWith",
                                "not_endswith",
                                "regex",
                                "ilike",
                                "full_text_search",
                                "trigram_word_similar"};
const char* const kStructureOps[] = {"has_key", "overlap", "not_overlap"};

class FilterGenerator {
 public:
  FilterGenerator(Random& r, Resource resource) : r_(r), resource_(resource) {
    for (const FieldInfo& f : Fields(resource)) fields_.push_back(f.name);
    if (resource == Resource::kDataset) return;
    for (const char* extra : {"id",
                              "total_tokens",
                              "all_tokens",
                              "metadata__tier",
                              "metadata__score",
                              "metadata__user_id",
                              "metadata__tags",
                              "metadata__a",
                              "metadata__nested__a",
                              "metadata__nested__b c",
                              "metadata.a.b",
                              "metadata__we\"ird",
                              "metadata__we\"ird.key",
                              "metadata__k[0]",
                              "metadata__ключ",
                              "metadata__",
                              "metadata__missing",
                              "metadata__nested",
                              "scores__e1",
                              "scores__e2",
                              "scores__none"}) {
      fields_.push_back(extra);
    }
  }

  ordered_json Map(int depth) {
    ordered_json map = ordered_json::object();
    for (int n = r_.Int(depth == 0 ? 1 : 0, 3); n > 0; --n) {
      if (depth < 3 && r_.Chance(0.15)) {
        ordered_json bundle = {{"filter_params", Map(depth + 1)}};
        if (r_.Chance(0.7)) bundle["connector"] = r_.Chance(0.5) ? "OR" : "and";
        map["group_" + std::to_string(r_.Int(0, 99))] = bundle;
        continue;
      }
      const std::string field = r_.Pick(fields_);
      if (!map.contains(field)) map[field] = Entry(field);
    }
    return map;
  }

 private:
  FieldKind Kind(const std::string& field) {
    ResolvedField resolved = ResolveFieldName(resource_, field);
    return resolved.ok ? KindOf(resolved.ref) : FieldKind::kText;
  }

  ordered_json Entry(const std::string& field) {
    const FieldKind kind = Kind(field);
    switch (r_.Int(0, 9)) {
      case 0:
        return Value(kind, Op::kEq);
      case 1:
        return List(kind, Op::kIn);
      case 2: {
        ordered_json list = ordered_json::array();
        for (int i = r_.Int(1, 3); i > 0; --i) list.push_back(Condition(kind));
        return list;
      }
      case 3: {
        ordered_json map = ordered_json::object();
        for (int i = r_.Int(1, 2); i > 0; --i) {
          const char* op = OperatorFor(kind);
          map[op] = Values(kind, *LookupOperator(op));
        }
        if (r_.Chance(0.2)) map["connector"] = "OR";
        return map;
      }
      default:
        return Condition(kind);
    }
  }

  ordered_json Condition(FieldKind kind) {
    ordered_json c = ordered_json::object();
    if ((kind == FieldKind::kJson || kind == FieldKind::kMetadata) && r_.Chance(0.1)) {
      c["operator_function"] = "mapContainsKey";
      c["operator_args"] = {r_.Chance(0.2) ? "nested" : r_.Pick(kMetadataKeys)};
      c["operator"] = r_.Chance(0.5) ? "eq" : "not";
      c["value"] = r_.Chance(0.8) ? ordered_json::array({r_.Chance(0.5)}) : ordered_json("false");
    } else {
      const char* op = OperatorFor(kind);
      if (*op != '\0' || r_.Chance(0.5)) c["operator"] = op;
      if (r_.Chance(0.95)) c["value"] = Values(kind, *LookupOperator(op));
    }
    if (r_.Chance(0.4)) c["connector"] = r_.Chance(0.5) ? "OR" : "AND";
    return c;
  }

  const char* OperatorFor(FieldKind kind) {
    const bool text =
        kind == FieldKind::kText || kind == FieldKind::kJson || kind == FieldKind::kMetadata;
    const bool structure = kind == FieldKind::kJson || kind == FieldKind::kMetadata;
    switch (r_.Int(0, 9)) {
      case 0:
      case 1:
        return r_.Pick(kEqualities);
      case 2:
        return r_.Pick(kNegations);
      case 3:
      case 4:
        return r_.Pick(kOrdered);
      case 5:
        return r_.Pick(kPresence);
      case 6:
        return structure ? r_.Pick(kStructureOps) : r_.Pick(kEqualities);
      default:
        return text ? r_.Pick(kTextOps) : r_.Pick(kOrdered);
    }
  }

  ordered_json Values(FieldKind kind, Op op) {
    if (ClassOf(op) == OpClass::kPresence) {
      switch (r_.Int(0, 4)) {
        case 0:
          return nullptr;
        case 1:
          return ordered_json::array({false});
        case 2:
          return "true";
        case 3:
          return ordered_json::array({true, false});
        default:
          return true;
      }
    }
    if (r_.Chance(0.3) || ClassOf(op) == OpClass::kArray) return List(kind, op);
    return Value(kind, op);
  }

  ordered_json List(FieldKind kind, Op op) {
    ordered_json list = ordered_json::array();
    const int n = r_.Chance(0.05) ? 60 : r_.Int(0, 4);
    for (int i = 0; i < n; ++i) list.push_back(Value(kind, op));
    return list;
  }

  ordered_json Value(FieldKind kind, Op op) {
    if (r_.Chance(0.05)) return nullptr;
    switch (ClassOf(op)) {
      case OpClass::kKey:
        return r_.Chance(0.2) ? "nested" : r_.Pick(kMetadataKeys);
      case OpClass::kArray:
        return r_.Chance(0.7) ? r_.Small() : r_.Scalar();
      case OpClass::kText:
        if (op == Op::kRegex) return r_.Pick(kRegexes);
        if (op == Op::kIlike && r_.Chance(0.7)) return r_.Pick(kLikePatterns);
        return r_.Chance(0.9) ? ordered_json(r_.String()) : r_.Number();
      default:
        break;
    }
    switch (kind) {
      case FieldKind::kNumber: {
        ordered_json n = r_.Number();
        return r_.Chance(0.2) ? ordered_json(n.dump()) : n;
      }
      case FieldKind::kBoolean:
        return r_.Pick(std::vector<ordered_json>{true, false, "true", "FALSE", 1, 0});
      case FieldKind::kTimestamp:
        return Timestamp();
      case FieldKind::kMetadata:
        return r_.Chance(0.3) ? r_.Small() : r_.Scalar();
      default:
        return r_.Chance(0.9) ? ordered_json(r_.String()) : r_.Scalar();
    }
  }

  // The forms API.md 1.7 accepts: T/t/space, with or without fraction, Z or an offset.
  std::string Timestamp() {
    const std::int64_t t = r_.Micros();
    switch (r_.Int(0, 3)) {
      case 0:
        return internal::FormatTimestamp(t);
      case 1: {
        std::string s = internal::FormatTimestamp(t - t % 1000000);
        return s.substr(0, 10) + " " + s.substr(11, 8);
      }
      case 2: {
        std::string s = internal::FormatTimestamp(t + 2 * 3600 * 1000000LL);
        return s.substr(0, s.size() - 1) + "+02:00";
      }
      default: {
        std::string s = internal::FormatTimestamp(t - t % 1000);
        return s.substr(0, 10) + "t" + s.substr(11, 12) + "z";
      }
    }
  }

  Random& r_;
  Resource resource_;
  std::vector<std::string> fields_;
};

struct Table {
  Resource resource;
  const char* name;
  std::vector<std::int64_t> ids;
  std::vector<ordered_json> api;
};

std::set<std::int64_t> SqlMatches(SQLite::Database& db, const Table& t, const CompiledFilter& c) {
  SQLite::Statement q(db, std::string("SELECT id FROM ") + t.name + " WHERE " + t.name +
                              ".org_id = ? AND (" + c.sql + ")");
  q.bind(1, 1);
  BindParams(q, 2, c.params);
  std::set<std::int64_t> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getInt64());
  return out;
}

TEST_CASE("SQL and the evaluator select the same rows for 10000 random filters") {
  const char* env = std::getenv("LOGSET_FILTER_SEED");
  const std::uint64_t seed = env != nullptr ? std::strtoull(env, nullptr, 10) : 20250726;
  CAPTURE(seed);
  Random r(seed);
  auto db = testing::OpenFilterDb();

  Table tables[] = {{Resource::kRequestLog, "request_logs", {}, {}},
                    {Resource::kDatasetLog, "dataset_logs", {}, {}},
                    {Resource::kDataset, "datasets", {}, {}}};
  {
    SQLite::Transaction tx(*db);
    for (int i = 0; i < 160; ++i) {
      for (Table* t : {&tables[0], &tables[1]}) {
        Row row = RandomLog(r, t->resource, i + (t == &tables[0] ? 0 : 1000));
        const std::int64_t id = Insert(*db, t->name, row);
        AddScores(r, *db, t->resource, id, row);
        t->ids.push_back(id);
        t->api.push_back(row.api);
      }
      if (i < 60) {
        Row row = RandomDataset(r, i);
        tables[2].ids.push_back(Insert(*db, "datasets", row));
        tables[2].api.push_back(row.api);
      }
    }
    tx.commit();
  }
  // Indexed keys compile to literal paths: cover that form too.
  CreateMetadataIndex(*db, Resource::kRequestLog, "tier");
  CreateMetadataIndex(*db, Resource::kRequestLog, "score");
  CreateMetadataIndex(*db, Resource::kRequestLog, "nested__a");
  CreateMetadataIndex(*db, Resource::kDatasetLog, "we\"ird");
  CreateMetadataIndex(*db, Resource::kDatasetLog, "tier");

  const auto start = std::chrono::steady_clock::now();
  int accepted = 0, rejected = 0, mismatches = 0;
  std::size_t matched_rows = 0, total_rows = 0;
  for (int attempt = 0; accepted < 10000 && attempt < 20000 && mismatches < 3; ++attempt) {
    Table& t = tables[r.Int(0, 9) < 5 ? 0 : (r.Int(0, 9) < 7 ? 1 : 2)];
    const ordered_json json = FilterGenerator(r, t.resource).Map(0);
    Filter filter;
    try {
      filter = ParseFilter(json, t.resource, "/filters");
    } catch (const InvalidArgument&) {
      ++rejected;
      continue;
    }
    ++accepted;
    CompileOptions options;
    options.indexed_metadata_paths = LoadMetadataIndexes(*db, t.resource);
    const CompiledFilter compiled = CompileFilter(filter, t.resource, options);
    const std::set<std::int64_t> sql = SqlMatches(*db, t, compiled);
    for (size_t i = 0; i < t.ids.size(); ++i) {
      const bool in_sql = sql.count(t.ids[i]) != 0;
      const bool in_memory = Matches(filter, t.resource, t.api[i]);
      matched_rows += in_memory ? 1 : 0;
      ++total_rows;
      if (in_sql != in_memory) {
        ++mismatches;
        MESSAGE("seed " << seed << ", filter " << json.dump() << "\n  sql: " << compiled.sql
                        << "\n  params: " << testing::ParamsJson(compiled.params).dump()
                        << "\n  row: " << t.api[i].dump() << "\n  sql says " << in_sql
                        << ", evaluator says " << in_memory);
        break;
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE(accepted << " filters (" << rejected << " rejected by the parser), " << matched_rows
                   << " of " << total_rows << " row checks matched, " << seconds << " s");
  CHECK(mismatches == 0);
  CHECK(accepted >= 10000);
  // Both outcomes must be common, or the test proves little.
  CHECK(matched_rows > total_rows / 10);
  CHECK(matched_rows < total_rows * 9 / 10);
}

TEST_CASE("ordered metadata comparisons agree at the boundaries, indexed or not") {
  auto db = testing::OpenFilterDb();
  // Every JSON type near 0, 1 and 10, numeric and non-numeric strings, nested and missing.
  const char* const kValues[] = {
      "true", "false", "null", "0", "1", "0.0", "1.0", "-0.25", "0.5", "2", "10", "10.5", "1e20",
      "-3", "9007199254740993", "\"0\"", "\"1\"", "\"1.0\"", "\"-0\"", "\" 1\"", "\"+2\"",
      "\".5\"", "\"10\"", "\"1e3\"", "\"1e400\"", "\"abc\"", "\"\"", "\"true\"", "{}",
      "[]", "[1]", "{\"a\":1}", "\"[1]\""};
  std::vector<std::int64_t> ids;
  std::vector<ordered_json> api;
  for (const char* v : kValues) {
    for (int missing = 0; missing < 2; ++missing) {
      ordered_json metadata = ordered_json::object();
      if (missing == 0) {
        metadata["k"] = ordered_json::parse(v);
        metadata["n"] = {{"a", ordered_json::parse(v)}};
      }
      SQLite::Statement insert(*db,
                               "INSERT INTO request_logs (org_id, unique_id, timestamp, "
                               "start_time, environment, status, status_code, prompt_tokens, "
                               "completion_tokens, total_request_tokens, cost, stream, metadata) "
                               "VALUES (1, ?, 0, 0, 'prod', 'success', 200, 0, 0, 0, 0, 0, ?)");
      insert.bind(1, "u" + std::to_string(ids.size()));
      insert.bind(2, metadata.dump());
      insert.exec();
      ids.push_back(db->getLastInsertRowid());
      api.push_back({{"metadata", metadata}});
    }
  }
  const char* const kOps[] = {"gt", "gte", "lt", "lte"};
  const char* const kBounds[] = {"-1", "0", "0.0", "0.5", "1", "1.0", "2", "10", "1e20",
                                 "\"1\"", "[0, 2]", "[1, null]", "null"};
  for (int indexed = 0; indexed < 2; ++indexed) {
    if (indexed == 1) {
      CreateMetadataIndex(*db, Resource::kRequestLog, "k");
      CreateMetadataIndex(*db, Resource::kRequestLog, "n__a");
    }
    CompileOptions options;
    options.indexed_metadata_paths = LoadMetadataIndexes(*db, Resource::kRequestLog);
    for (const char* field : {"metadata__k", "metadata__n__a"}) {
      for (const char* op : kOps) {
        for (const char* bound : kBounds) {
          const ordered_json json = {{field, {{op, ordered_json::parse(bound)}}}};
          CAPTURE(json.dump());
          CAPTURE(indexed);
          const Filter filter = ParseFilter(json, Resource::kRequestLog, "/filters");
          const CompiledFilter c = CompileFilter(filter, Resource::kRequestLog, options);
          CHECK((c.sql == "0" || (indexed == 1) == (c.sql.find("'$.") != std::string::npos)));
          const Table t{Resource::kRequestLog, "request_logs", ids, api};
          const std::set<std::int64_t> sql = SqlMatches(*db, t, c);
          for (size_t i = 0; i < ids.size(); ++i) {
            CAPTURE(api[i].dump());
            CHECK((sql.count(ids[i]) != 0) == Matches(filter, Resource::kRequestLog, api[i]));
          }
        }
      }
    }
  }
}

TEST_SUITE_END();

}  // namespace
}  // namespace logset::filter
