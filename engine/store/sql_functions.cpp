// SPDX-License-Identifier: MIT
// The SQL functions every logset connection has.
#include "store/sql_functions.h"

#include <sqlite3.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "filter/json_value.h"
#include "filter/regex_cache.h"
#include "filter/text_match.h"
#include "logset/error.h"

namespace logset::internal {
namespace {

using nlohmann::ordered_json;

std::string_view Text(sqlite3_value* v) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return p == nullptr ? std::string_view() : std::string_view(p, sqlite3_value_bytes(v));
}

bool AnyNull(int argc, sqlite3_value** argv) {
  for (int i = 0; i < argc; ++i) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) return true;
  }
  return false;
}

void ResultText(sqlite3_context* ctx, const std::string& s) {
  sqlite3_result_text64(ctx, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

// C++ exceptions must not unwind through SQLite's C frames.
template <typename Body>
void Guard(sqlite3_context* ctx, Body body) {
  try {
    body();
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  } catch (...) {
    sqlite3_result_error(ctx, "logset SQL function failed", -1);
  }
}

void Fold(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  Guard(ctx, [&] { ResultText(ctx, filter::FoldCase(Text(argv[0]))); });
}

// instr(logset_fold(x), folded) > 0 without a folded copy per row: folds into a buffer this
// thread reuses, and SQLite copies nothing back.
void Icontains(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  Guard(ctx, [&] {
    thread_local std::string folded;
    filter::FoldCaseInto(Text(argv[0]), &folded);
    sqlite3_result_int(ctx, folded.find(Text(argv[1])) != std::string::npos ? 1 : 0);
  });
}

template <bool (*Test)(std::string_view, std::string_view)>
void BinaryTest(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  sqlite3_result_int(ctx, Test(Text(argv[0]), Text(argv[1])) ? 1 : 0);
}

bool IlikeTest(std::string_view text, std::string_view folded_pattern) {
  return filter::IlikeMatch(filter::FoldCase(text), folded_pattern);
}

bool FtsTest(std::string_view text, std::string_view folded_query) {
  return filter::FullTextMatch(filter::FoldCase(text), folded_query);
}

using RegexPtr = std::shared_ptr<const filter::Regex>;

void Regex(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  Guard(ctx, [&] {
    // A bound pattern is constant for the whole statement: SQLite keeps its compiled form as
    // auxiliary data. A pattern read from json_each changes per row and goes through the cache.
    if (auto* held = static_cast<RegexPtr*>(sqlite3_get_auxdata(ctx, 1))) {
      sqlite3_result_int(ctx, filter::RegexSearch(**held, Text(argv[0])) ? 1 : 0);
      return;
    }
    RegexPtr re = filter::CompileRegex(std::string(Text(argv[1])));
    sqlite3_result_int(ctx, filter::RegexSearch(*re, Text(argv[0])) ? 1 : 0);
    // SQLite may discard the copy at once (e.g. for a non-constant argument); `re` stays ours.
    sqlite3_set_auxdata(ctx, 1, new RegexPtr(std::move(re)),
                        [](void* p) { delete static_cast<RegexPtr*>(p); });
  });
}

void Number(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  switch (sqlite3_value_type(argv[0])) {
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
      return sqlite3_result_value(ctx, argv[0]);
    case SQLITE_TEXT:
      if (auto n = filter::ParseNumericString(Text(argv[0]))) {
        if (n->is_int) return sqlite3_result_int64(ctx, n->i);
        return sqlite3_result_double(ctx, n->d);
      }
      break;
    default:
      break;
  }
  sqlite3_result_null(ctx);
}

void Unstring(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  Guard(ctx, [&] {
    if (auto structure = filter::UnstringStoredJson(Text(argv[0]))) {
      ResultText(ctx, *structure);
    } else {
      sqlite3_result_value(ctx, argv[0]);
    }
  });
}

void JsonPath(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
  Guard(ctx, [&] {
    ordered_json doc = ordered_json::parse(Text(argv[0]), nullptr, false);
    ordered_json keys = ordered_json::parse(Text(argv[1]), nullptr, false);
    if (doc.is_discarded() || !keys.is_array()) return sqlite3_result_null(ctx);
    std::vector<std::string> path;
    for (const ordered_json& k : keys) {
      if (!k.is_string()) return sqlite3_result_null(ctx);
      path.push_back(k.get<std::string>());
    }
    const ordered_json* node = filter::FindPath(doc, path);
    if (node == nullptr) return sqlite3_result_null(ctx);
    ResultText(ctx, node->dump());
  });
}

struct Function {
  const char* name;
  int args;
  void (*fn)(sqlite3_context*, int, sqlite3_value**);
};

constexpr Function kFunctions[] = {
    {"logset_fold", 1, Fold},
    {"logset_icontains", 2, Icontains},
    {"logset_startswith", 2, BinaryTest<filter::StartsWith>},
    {"logset_endswith", 2, BinaryTest<filter::EndsWith>},
    {"logset_regex", 2, Regex},
    {"logset_ilike", 2, BinaryTest<IlikeTest>},
    {"logset_fts", 2, BinaryTest<FtsTest>},
    {"logset_number", 1, Number},
    {"logset_unstring", 1, Unstring},
    {"logset_json_path", 2, JsonPath},
};

}  // namespace

void RegisterSqlFunctions(sqlite3* db) {
  // DETERMINISTIC lets SQLite factor constant calls and use them in indexes; INNOCUOUS lets
  // them run in views and triggers under SQLITE_DBCONFIG_TRUSTED_SCHEMA=off.
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  for (const Function& f : kFunctions) {
    int rc = sqlite3_create_function_v2(db, f.name, f.args, flags, nullptr, f.fn, nullptr, nullptr,
                                        nullptr);
    if (rc != SQLITE_OK) {
      throw StorageError("store.sql_function", std::string("cannot register SQL function ") +
                                                   f.name + ": " + sqlite3_errstr(rc));
    }
  }
}

}  // namespace logset::internal
