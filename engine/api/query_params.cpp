// SPDX-License-Identifier: MIT
// The query string of a call: decoded parameters, typed getters, and re-encoding for page links.
#include "api/query_params.h"

#include <algorithm>
#include <cctype>

#include "logset/error.h"
#include "util/ascii.h"
#include "util/utf8.h"

namespace logset::internal {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int hi = HexValue(s[i + 1]);
      const int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

QueryParams::QueryParams(std::string_view raw_query) {
  size_t start = 0;
  while (start <= raw_query.size()) {
    size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    const std::string_view piece = raw_query.substr(start, end - start);
    if (!piece.empty()) {
      const size_t eq = piece.find('=');
      Param p;
      p.raw = std::string(piece);
      p.name = PercentDecode(piece.substr(0, eq), true);
      p.value = eq == std::string_view::npos ? "" : PercentDecode(piece.substr(eq + 1), true);
      // Names and values end up in filters, SQL parameters and echoed JSON; a byte that is not
      // UTF-8 could be carried by none of them faithfully.
      if (!IsValidUtf8(p.name)) {
        throw InvalidArgument("api.bad_query",
                              "query string: parameter names must be valid UTF-8 once "
                              "percent-decoded.");
      }
      if (!IsValidUtf8(p.value)) {
        throw InvalidArgument("api.bad_query",
                              p.name + ": must be valid UTF-8 once percent-decoded.", p.name);
      }
      params_.push_back(std::move(p));
    }
    start = end + 1;
  }
}

std::optional<std::string> QueryParams::Get(std::string_view name) const {
  for (auto it = params_.rbegin(); it != params_.rend(); ++it) {
    if (it->name == name) {
      if (it->value.empty()) return std::nullopt;
      return it->value;
    }
  }
  return std::nullopt;
}

std::optional<bool> QueryParams::GetBool(std::string_view name) const {
  const auto v = Get(name);
  if (!v) return std::nullopt;
  const std::string s = AsciiLower(*v);
  if (s == "true" || s == "1") return true;
  if (s == "false" || s == "0") return false;
  const std::string field(name);
  throw InvalidArgument("api.bad_query", field + ": must be true or false.", field);
}

std::string QueryParams::WithPage(int64_t page) const {
  const std::string page_piece = "page=" + std::to_string(page);
  std::string out;
  bool replaced = false;
  for (const Param& p : params_) {
    std::string piece = p.raw;
    if (p.name == "page") {
      // Repeated `page` parameters collapse into the one replaced in place.
      if (replaced) continue;
      piece = page_piece;
      replaced = true;
    }
    if (!out.empty()) out += '&';
    out += piece;
  }
  if (!replaced) {
    if (!out.empty()) out += '&';
    out += page_piece;
  }
  return out;
}

}  // namespace logset::internal
