// SPDX-License-Identifier: MIT
// How the filter parser reports a bad element: InvalidArgument naming its JSON pointer.
#ifndef LOGSET_ENGINE_FILTER_PARSE_ERROR_H_
#define LOGSET_ENGINE_FILTER_PARSE_ERROR_H_

#include <string>

#include "logset/error.h"

namespace logset::filter {

/// Throws InvalidArgument with tag `tag`, field `pointer` and detail "<pointer>: <message>"
/// (API.md 1.3; just the message when the pointer is the empty root pointer).
[[noreturn]] inline void FailAt(const char* tag, const std::string& pointer,
                                const std::string& message) {
  throw InvalidArgument(tag, pointer.empty() ? message : pointer + ": " + message, pointer);
}

}  // namespace logset::filter

#endif  // LOGSET_ENGINE_FILTER_PARSE_ERROR_H_
