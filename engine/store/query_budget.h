// SPDX-License-Identifier: MIT
// A bound on the SQL work one API call may do: a deadline, and giving up once the client is gone.
#ifndef LOGSET_ENGINE_STORE_QUERY_BUDGET_H_
#define LOGSET_ENGINE_STORE_QUERY_BUDGET_H_

#include <chrono>
#include <functional>

struct sqlite3;

namespace logset::internal {

/// While a scope lives, every statement the current thread steps on a store connection is
/// interrupted (SQLite's SQLITE_INTERRUPT, which rolls a write session back) once
/// `timeout_ms` have passed since the scope began or `cancelled` returns true. The check runs
/// every few thousand virtual-machine steps, so a regex over a million logs stops within
/// milliseconds rather than running on after its caller has gone. Scopes nest; the inner one
/// applies until it ends. Not movable: it lives on the stack of the call it bounds.
class QueryBudgetScope {
 public:
  /// `timeout_ms` <= 0: no deadline. `cancelled` may be empty.
  QueryBudgetScope(int timeout_ms, std::function<bool()> cancelled);
  ~QueryBudgetScope();
  QueryBudgetScope(const QueryBudgetScope&) = delete;
  QueryBudgetScope& operator=(const QueryBudgetScope&) = delete;

  int timeout_ms() const { return timeout_ms_; }

 private:
  friend int CheckQueryBudget(void*);
  int timeout_ms_;
  bool has_deadline_;
  std::chrono::steady_clock::time_point deadline_;
  std::function<bool()> cancelled_;
  QueryBudgetScope* outer_;
};

/// Why the current thread's last statement was interrupted by its budget.
enum class BudgetStop { kNone, kDeadline, kCancelled };

/// The reason the current thread's budget last interrupted a statement, and the timeout of the
/// scope that did; kNone if no budget did. Reset when a scope begins.
BudgetStop LastBudgetStop(int* timeout_ms);

/// Makes `db` honour the QueryBudgetScope of whichever thread steps it. Called once per
/// connection, when it is opened.
void InstallQueryBudget(sqlite3* db);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_QUERY_BUDGET_H_
