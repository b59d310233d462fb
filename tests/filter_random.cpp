// SPDX-License-Identifier: MIT
// Seeded random values and table rows for the filter differential test.
#include "filter_random.h"

#include <SQLiteCpp/Statement.h>

#include <cstdio>

#include "util/time.h"

namespace logset::filter::testing {

using nlohmann::ordered_json;

namespace {

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

// Stored JSON text: compact, JSON null as SQL NULL (as the store writes it).
ordered_json Stored(const ordered_json& v) { return v.is_null() ? v : ordered_json(v.dump()); }

void Put(Row& row, const std::string& name, const ordered_json& column, const ordered_json& api) {
  row.columns.emplace_back(name, column);
  row.api[name] = api;
}

void Put(Row& row, const std::string& name, const ordered_json& v) { Put(row, name, v, v); }

}  // namespace

std::string Random::String() {
  std::string s = Pick(kStrings);
  if (Chance(0.2)) s += Pick(kStrings);
  return s;
}

ordered_json Random::Number() {
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

ordered_json Random::Scalar() {
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

ordered_json Random::Small() {
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

ordered_json Random::Json(int depth) {
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

std::int64_t Random::Micros() {
  if (Chance(0.5)) return 1753500000000000LL + Int(0, 20) * 60000000LL;
  return 1753500000000000LL + Int(0, 2000) * 60000000LL + Int(0, 999999);
}

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

}  // namespace logset::filter::testing
