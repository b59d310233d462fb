// SPDX-License-Identifier: MIT
// The SQL shape of one group's left fold, kept within what SQLite's parser can read.
#include "filter/term_fold.h"

#include <algorithm>
#include <cstddef>

namespace logset::filter {
namespace {

using F = SqlFragment;

// A fold of up to kShortFold parts nesting fewer than kDeepNesting bundles keeps the naive left
// fold `((a AND b) OR c)`, as written: the text earlier versions compiled and query plans were
// tuned on. Along any path that costs the parser at most about 4 x (12 + 3) parentheses.
constexpr std::size_t kShortFold = 12;
constexpr int kDeepNesting = 4;
// Flat runs `(a AND b AND ...)` of at most this many parts: a flat run's expression tree is as
// deep as it is long, so longer lists are runs of runs.
constexpr std::size_t kRunLength = 32;

const char* Op(Connector c) { return c == Connector::kOr ? " OR " : " AND "; }

struct Range {
  const std::vector<FoldPart>& parts;
  std::size_t begin;
  std::size_t end;

  std::size_t size() const { return end - begin; }
  const FoldPart& operator[](std::size_t i) const { return parts[begin + i]; }
};

int MaxNesting(const Range& r) {
  int deepest = 0;
  for (std::size_t i = 0; i < r.size(); ++i) deepest = std::max(deepest, r[i].nesting);
  return deepest;
}

bool Naive(const Range& r) { return r.size() <= kShortFold && MaxNesting(r) < kDeepNesting; }

// True if every part after the first has the same connector (the first one's is ignored).
bool OneConnector(const Range& r) {
  for (std::size_t i = 2; i < r.size(); ++i) {
    if (r[i].connector != r[1].connector) return false;
  }
  return true;
}

F LeftFold(const Range& r) {
  F acc = r[0].sql;
  for (std::size_t i = 1; i < r.size(); ++i) acc = "(" + acc + Op(r[i].connector) + r[i].sql + ")";
  return acc;
}

// `items` joined by `op` in runs of kRunLength. AND and OR are commutative and associative in
// SQL's three-valued logic, so a deeply nested item may go first, where it costs least.
F Runs(std::vector<const FoldPart*> items, Connector op) {
  const auto shallower = [](const FoldPart* a, const FoldPart* b) {
    return a->nesting < b->nesting;
  };
  if ((*std::max_element(items.begin(), items.end(), shallower))->nesting >= kDeepNesting) {
    std::stable_sort(items.rbegin(), items.rend(), shallower);
  }
  if (items.size() == 1) return items[0]->sql;
  std::vector<F> runs;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i % kRunLength == 0) {
      runs.emplace_back("(");
    } else {
      runs.back() += Op(op);
    }
    runs.back() += items[i]->sql;
  }
  F out = runs.size() > 1 ? F("(") : F();
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (i > 0) out += Op(op);
    out += runs[i] + ")";
  }
  return runs.size() > 1 ? out + ")" : out;
}

// The fold as one flat CASE, read from the last step back: an AND step whose part is not true
// makes it false, an OR step whose part is true makes it true, otherwise the answer is the fold
// before that step. Its value is 0 or 1 where the fold may be NULL; since AND and OR are
// monotone, the fold is true exactly when this is (a NULL part acts as false either way).
F CaseFold(const Range& r) {
  F out = "CASE";
  for (std::size_t i = r.size() - 1; i > 0; --i) {
    out += r[i].connector == Connector::kAnd ? " WHEN (" + r[i].sql + ") IS NOT TRUE THEN 0"
                                             : " WHEN (" + r[i].sql + ") IS TRUE THEN 1";
  }
  return out + " ELSE (" + r[0].sql + ") IS TRUE END";
}

// A fold that is not in the leftmost spot, where flat forms cost the parser least.
F FlatFold(const Range& r) {
  if (r.size() == 1) return r[0].sql;
  if (Naive(r)) return LeftFold(r);
  if (OneConnector(r)) {
    std::vector<const FoldPart*> all;
    for (std::size_t i = 0; i < r.size(); ++i) all.push_back(&r[i]);
    return Runs(std::move(all), r[1].connector);
  }
  return CaseFold(r);
}

// (x AND a) and (x OR b) compose into the form (x AND A) OR B:
//   ((x AND A) OR B) AND t = (x AND (A AND t)) OR (B AND t)
//   ((x AND A) OR B) OR t  = (x AND A) OR (B OR t)
// Starting from x = acc_h, A = true, B = false and folding the parts after h gives A = the AND
// of the AND-joined parts, B = the fold of the parts after h started from false, which is the
// fold from the first OR-joined part on (false AND t stays false). Each part lands in A, B or
// both, so the text at most doubles.
F Split(const Range& r) {
  std::size_t h = 0;
  for (std::size_t i = 1; i < r.size(); ++i) {
    if (r[i].nesting > r[h].nesting) h = i;
  }
  // acc_h = acc_{h-1} c_h t_h, written t_h c_h acc_{h-1} so that t_h comes first.
  F head = r[h].sql;
  if (h > 0) {
    head = "(" + head + Op(r[h].connector) + "(" + FlatFold(Range{r.parts, r.begin, r.begin + h}) +
           "))";
  }
  std::vector<const FoldPart*> and_parts;
  std::size_t first_or = r.size();
  for (std::size_t i = h + 1; i < r.size(); ++i) {
    if (r[i].connector == Connector::kAnd) and_parts.push_back(&r[i]);
    if (r[i].connector == Connector::kOr && first_or == r.size()) first_or = i;
  }
  if (and_parts.empty() && first_or == r.size()) return head;
  F out = "(" + head;
  if (!and_parts.empty()) out += " AND " + Runs(std::move(and_parts), Connector::kAnd);
  if (first_or < r.size()) {
    out += " OR " + FlatFold(Range{r.parts, r.begin + first_or, r.end});
  }
  return out + ")";
}

}  // namespace

SqlFragment FoldTerms(const std::vector<FoldPart>& parts) {
  const Range all{parts, 0, parts.size()};
  if (all.size() == 1) return all[0].sql;
  if (Naive(all)) return LeftFold(all);
  if (OneConnector(all)) return FlatFold(all);
  return Split(all);
}

}  // namespace logset::filter
