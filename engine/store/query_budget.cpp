// SPDX-License-Identifier: MIT
// A bound on the SQL work one API call may do: a deadline, and giving up once the client is gone.
#include "store/query_budget.h"

#include <sqlite3.h>

#include <utility>

namespace logset::internal {
namespace {

// A connection is used by one thread at a time (a session holds it), and SQLite runs the
// progress handler on the thread stepping the statement, so the budget in force is the
// innermost scope of that thread.
thread_local QueryBudgetScope* current_scope = nullptr;
thread_local BudgetStop last_stop = BudgetStop::kNone;
thread_local int last_timeout_ms = 0;

// Virtual-machine steps between checks: a scan row costs tens of steps, so a check is a clock
// read every few hundred rows, far below a microsecond per thousand rows.
constexpr int kStepsPerCheck = 4096;

}  // namespace

QueryBudgetScope::QueryBudgetScope(int timeout_ms, std::function<bool()> cancelled)
    : timeout_ms_(timeout_ms),
      has_deadline_(timeout_ms > 0),
      deadline_(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms)),
      cancelled_(std::move(cancelled)),
      outer_(current_scope) {
  current_scope = this;
  last_stop = BudgetStop::kNone;
}

QueryBudgetScope::~QueryBudgetScope() { current_scope = outer_; }

int CheckQueryBudget(void*) {
  const QueryBudgetScope* scope = current_scope;
  if (scope == nullptr) return 0;
  if (scope->has_deadline_ && std::chrono::steady_clock::now() >= scope->deadline_) {
    last_stop = BudgetStop::kDeadline;
    last_timeout_ms = scope->timeout_ms_;
    return 1;
  }
  if (scope->cancelled_ && scope->cancelled_()) {
    last_stop = BudgetStop::kCancelled;
    return 1;
  }
  return 0;
}

BudgetStop LastBudgetStop(int* timeout_ms) {
  if (timeout_ms != nullptr) *timeout_ms = last_timeout_ms;
  return last_stop;
}

void InstallQueryBudget(sqlite3* db) {
  sqlite3_progress_handler(db, kStepsPerCheck, CheckQueryBudget, nullptr);
}

}  // namespace logset::internal
