// SPDX-License-Identifier: MIT
// Helpers shared by the filter tests: JSON literals, a filter-ready database, AST rendering.
#ifndef LOGSET_TESTS_FILTER_TEST_UTIL_H_
#define LOGSET_TESTS_FILTER_TEST_UTIL_H_

#include <SQLiteCpp/Database.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "filter/field_catalog.h"
#include "filter/filter_ast.h"
#include "filter/filter_compiler.h"
#include "store/migrations.h"
#include "store/sql_functions.h"

namespace logset::filter::testing {

using nlohmann::ordered_json;

inline ordered_json J(const std::string& text) { return ordered_json::parse(text); }

/// A fresh in-memory database with every migration applied and logset's SQL functions, holding
/// organisation 1 and dataset 1 (uuid "ds-1") so log rows can be inserted directly.
inline std::unique_ptr<SQLite::Database> OpenFilterDb() {
  auto db =
      std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  internal::RegisterSqlFunctions(db->getHandle());
  internal::Migrate(*db);
  db->exec("INSERT INTO organizations (id, uuid, name, created_at) VALUES (1, 'org-1', 'o', 0)");
  db->exec(
      "INSERT INTO datasets (id, org_id, uuid, name, created_at, updated_at) "
      "VALUES (1, 1, 'ds-1', 'd', 0, 0)");
  return db;
}

/// Compiled parameters as JSON (integers, reals, strings, null), for golden comparisons.
inline ordered_json ParamsJson(const std::vector<SqlValue>& params) {
  ordered_json out = ordered_json::array();
  for (const SqlValue& v : params) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
      out.push_back(*i);
    } else if (const double* d = std::get_if<double>(&v)) {
      out.push_back(*d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      out.push_back(*s);
    } else {
      out.push_back(nullptr);
    }
  }
  return out;
}

inline std::string DescribeValue(const Value& v) {
  if (const bool* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const double* d = std::get_if<double>(&v)) return ordered_json(*d).dump();
  if (const auto* s = std::get_if<std::string>(&v)) return ordered_json(*s).dump();
  return "null";
}

inline std::string FieldName(const FieldRef& f) {
  std::string name;
  switch (f.kind) {
    case FieldRef::Kind::kColumn:
      name = f.column->name;
      break;
    case FieldRef::Kind::kScore:
      name = "scores__" + f.evaluator_id;
      break;
    case FieldRef::Kind::kMetadata:
      name = "metadata";
      for (const std::string& k : f.path) name += "__" + k;
      break;
  }
  if (f.map_key) name += "{has " + *f.map_key + "}";
  return name;
}

/// The AST in one line, e.g. `model in ["a"] OR (cost gte 1 AND cost lte 2)`: each term after
/// the first is preceded by its connector; groups in parentheses.
inline std::string Describe(const std::vector<Term>& terms) {
  std::string out;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i > 0) out += terms[i].connector == Connector::kOr ? " OR " : " AND ";
    const Term& t = terms[i];
    if (!t.condition) {
      out += "(" + Describe(t.group) + ")";
      continue;
    }
    const Condition& c = *t.condition;
    out += FieldName(c.field) + " " + OpName(c.op) + " [";
    for (size_t j = 0; j < c.values.size(); ++j) {
      if (j > 0) out += ", ";
      out += DescribeValue(c.values[j]);
    }
    out += "]";
  }
  return out;
}
inline std::string Describe(const Filter& f) { return Describe(f.terms); }

}  // namespace logset::filter::testing

#endif  // LOGSET_TESTS_FILTER_TEST_UTIL_H_
