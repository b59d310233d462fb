// SPDX-License-Identifier: MIT
// The in-memory back end: a filter AST applied to one log or dataset held as its API JSON.
#ifndef LOGSET_ENGINE_FILTER_FILTER_EVALUATOR_H_
#define LOGSET_ENGINE_FILTER_FILTER_EVALUATOR_H_

#include <nlohmann/json.hpp>

#include "filter/filter_ast.h"

namespace logset::filter {

/// True when `object` passes `filter` (parsed for `resource`). `object` is the API rendering of
/// one request log, dataset log or dataset (API.md 4): timestamps as ISO strings, request-log
/// `input`/`output` as strings, `scores` as a dict `{"<evaluator_id>": {"score_value": ...}}`
/// (the detail list form is accepted too). Gives the same answer as the compiled SQL on the
/// stored row, for every filter and row. Throws nothing for well-formed API objects; pure and
/// thread-safe.
bool Matches(const Filter& filter, Resource resource, const nlohmann::ordered_json& object);

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_FILTER_EVALUATOR_H_
