// SPDX-License-Identifier: MIT
// Reading and compiling the filters of the dataset endpoints.
#include "datasets/dataset_filter.h"

#include <string>

#include "filter/filter_parser.h"
#include "logs/log_filter_sql.h"

namespace logset::internal {
namespace {

bool HasCondition(const std::vector<filter::Term>& terms) {
  for (const filter::Term& term : terms) {
    if (term.condition || HasCondition(term.group)) return true;
  }
  return false;
}

}  // namespace

bool BodyFilter::Empty() const { return !HasCondition(ast.terms); }

BodyFilter ReadBodyFilter(const BodyReader& body, std::string_view key, filter::Resource resource) {
  const Json* object = body.Object(key);
  if (object == nullptr) return BodyFilter(resource);
  return ParseBodyFilter(*object, key, resource);
}

BodyFilter ParseBodyFilter(const Json& filters, std::string_view key, filter::Resource resource) {
  BodyFilter out(resource);
  out.ast =
      filter::ParseFilter(filters, resource, "/" + filter::EscapePointerToken(std::string(key)));
  out.json = filters;
  return out;
}

SqlWhere CompileBodyFilter(SQLite::Database& db, const BodyFilter& filter) {
  if (filter.Empty()) return {};
  return CompileLogFilter(db, filter.ast, filter.resource);
}

}  // namespace logset::internal
