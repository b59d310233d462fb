// SPDX-License-Identifier: MIT
// Random filter JSON in every shape FILTERS.md accepts, for the filter differential test.
#ifndef LOGSET_TESTS_FILTER_GENERATOR_H_
#define LOGSET_TESTS_FILTER_GENERATOR_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "filter/filter_ast.h"
#include "filter/value_coercion.h"
#include "filter_random.h"

namespace logset::filter::testing {

/// Random `filters` objects for one resource: catalog fields plus metadata and score paths,
/// every operator spelling, values of the field's type and of other types, nested groups,
/// connectors. Many are invalid on purpose; the parser rejects those. Draws every choice from
/// the Random it is given, so a seed reproduces the filters.
class FilterGenerator {
 public:
  FilterGenerator(Random& r, Resource resource);

  /// A filter object, `depth` levels of `filter_params` below the top (0 at the top, where it is
  /// never empty).
  nlohmann::ordered_json Map(int depth);

 private:
  FieldKind Kind(const std::string& field);
  nlohmann::ordered_json Entry(const std::string& field);
  nlohmann::ordered_json Condition(FieldKind kind);
  const char* OperatorFor(FieldKind kind);
  nlohmann::ordered_json Values(FieldKind kind, Op op);
  nlohmann::ordered_json List(FieldKind kind, Op op);
  nlohmann::ordered_json Value(FieldKind kind, Op op);
  std::string Timestamp();

  Random& r_;
  Resource resource_;
  std::vector<std::string> fields_;
};

}  // namespace logset::filter::testing

#endif  // LOGSET_TESTS_FILTER_GENERATOR_H_
