// SPDX-License-Identifier: MIT
// The runner of the data-driven API fixtures in tests/data/api (format: tests/data/api/README.md).
#ifndef LOGSET_TESTS_API_FIXTURE_RUNNER_H_
#define LOGSET_TESTS_API_FIXTURE_RUNNER_H_

#include <filesystem>
#include <string>
#include <vector>

namespace logset::testing {

/// Every `*.json` file in LOGSET_TEST_DATA_DIR/api, sorted by name.
std::vector<std::filesystem::path> FixtureFiles();

/// Runs one fixture file against a fresh in-memory store and returns its failures, each naming
/// the file, the step index and request, and the JSON pointer (or header) that differs; empty when
/// it passes. A file stops at its first failing step. A malformed fixture (unknown keys, missing
/// method, ...) is a failure too, never an exception.
///
/// Beyond the README: a request may give `raw_body_hex` (bytes as hex, e.g. invalid UTF-8); a
/// string that is exactly `${name}` becomes the saved JSON value with its type (an integer stays
/// an integer); an expected integer matches only an integer, an expected float any equal number;
/// `Content-Type: application/json` counts as present whenever the body is non-empty.
std::vector<std::string> RunFixture(const std::filesystem::path& file);

}  // namespace logset::testing

#endif  // LOGSET_TESTS_API_FIXTURE_RUNNER_H_
