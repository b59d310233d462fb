// SPDX-License-Identifier: MIT
// The string tests shared by the SQL functions and the evaluator, so both back ends agree exactly.
#include "filter/text_match.h"

#include <utf8proc.h>

#include <cstdint>
#include <vector>

namespace logset::filter {
namespace {

// Code points of a string; an invalid byte becomes a value above the Unicode range so that it
// matches only itself (and `_`), never a real character.
constexpr int32_t kInvalidByteBase = 0x110000;

std::vector<int32_t> Decode(std::string_view s) {
  std::vector<int32_t> out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {
      out.push_back(kInvalidByteBase + *p);
      n = 1;
    } else {
      out.push_back(cp);
    }
    p += n;
    left -= n;
  }
  return out;
}

// Full case folding of one code point (utf8proc's UTF8PROC_CASEFOLD is CaseFolding.txt C + F).
int FullFold(int32_t cp, utf8proc_int32_t (&buf)[4]) {
  utf8proc_int32_t ignored = 0;
  utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 4, UTF8PROC_CASEFOLD, &ignored);
  return n < 0 || n > 4 ? 0 : static_cast<int>(n);
}

// Simple folding from full folding: a one-code-point full folding is the simple one (status C).
// Where the full folding expands (status F: `ß` -> `ss`), CaseFolding.txt gives a simple mapping
// (status S) exactly when a single code point with the same full folding exists, and that code
// point is the lowercase mapping (`ẞ` -> `ß`, `ᾈ` -> `ᾀ`). `İ` lowercases to `i`, whose folding
// differs, so it stays itself, as CaseFolding.txt says (it lists no C or S entry for it).
int32_t SimpleFold(int32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + ('a' - 'A') : cp;
  utf8proc_int32_t full[4];
  int n = FullFold(cp, full);
  if (n == 1) return full[0];
  if (n == 0) return cp;
  int32_t lower = utf8proc_tolower(cp);
  if (lower == cp) return cp;
  utf8proc_int32_t again[4];
  int m = FullFold(lower, again);
  if (m != n) return cp;
  for (int i = 0; i < n; ++i) {
    if (again[i] != full[i]) return cp;
  }
  return lower;
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::string FoldCase(std::string_view text) {
  std::string out;
  FoldCaseInto(text, &out);
  return out;
}

void FoldCaseInto(std::string_view text, std::string* folded) {
  std::string& out = *folded;
  out.clear();
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    if (*p < 0x80) {  // ASCII fast path
      char c = static_cast<char>(*p);
      out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c);
      ++p;
      --left;
      continue;
    }
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {
      out.push_back(static_cast<char>(*p));
      ++p;
      --left;
      continue;
    }
    utf8proc_uint8_t buf[4];
    utf8proc_ssize_t len = utf8proc_encode_char(SimpleFold(cp), buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(len));
    p += n;
    left -= n;
  }
}

bool IlikeMatch(std::string_view folded_text, std::string_view folded_pattern) {
  if (folded_pattern.find_first_of("%_") == std::string_view::npos) {
    return folded_text.find(folded_pattern) != std::string_view::npos;
  }
  const std::vector<int32_t> t = Decode(folded_text);
  const std::vector<int32_t> p = Decode(folded_pattern);
  // Greedy matching with backtracking to the last `%`: O(|t| * |p|) at worst, never exponential.
  size_t ti = 0, pi = 0, star = SIZE_MAX, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == '%') {
      star = pi++;
      mark = ti;
    } else if (pi < p.size() && (p[pi] == '_' || p[pi] == t[ti])) {
      ++ti;
      ++pi;
    } else if (star != SIZE_MAX) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

bool FullTextMatch(std::string_view folded_text, std::string_view folded_query) {
  size_t i = 0;
  while (i < folded_query.size()) {
    while (i < folded_query.size() && IsAsciiSpace(folded_query[i])) ++i;
    size_t start = i;
    while (i < folded_query.size() && !IsAsciiSpace(folded_query[i])) ++i;
    if (i > start &&
        folded_text.find(folded_query.substr(start, i - start)) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace logset::filter
