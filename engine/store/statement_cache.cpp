// SPDX-License-Identifier: MIT
// StatementCache: prepared statements kept per connection and lent out by their SQL.
#include "store/statement_cache.h"

#include <utility>

namespace logset::internal {

CachedStatement::CachedStatement(StatementCache* cache,
                                 std::unique_ptr<SQLite::Statement> statement)
    : cache_(cache), statement_(std::move(statement)) {}

CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : cache_(other.cache_), statement_(std::move(other.statement_)) {}

CachedStatement::~CachedStatement() {
  if (statement_) cache_->Return(std::move(statement_));
}

CachedStatement StatementCache::Prepare(const std::string& sql) {
  if (auto it = idle_.find(sql); it != idle_.end()) {
    std::unique_ptr<SQLite::Statement> kept = std::move(it->second);
    idle_.erase(it);
    return CachedStatement(this, std::move(kept));
  }
  return CachedStatement(this, std::make_unique<SQLite::Statement>(*db_, sql));
}

void StatementCache::Return(std::unique_ptr<SQLite::Statement> statement) noexcept {
  // The reset's code repeats the last step's error, which the borrower has already seen.
  statement->tryReset();
  try {
    statement->clearBindings();  // sqlite3_clear_bindings, which cannot fail
    if (idle_.count(statement->getQuery()) != 0) return;  // a second loan of the same SQL
    if (idle_.size() >= kCapacity) idle_.erase(idle_.begin());
    const std::string sql = statement->getQuery();
    idle_.emplace(sql, std::move(statement));
  } catch (...) {
    // Out of memory while keeping it: the statement is finalised instead, which is always safe.
  }
}

}  // namespace logset::internal
