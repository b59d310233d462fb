// SPDX-License-Identifier: MIT
// StatementCache: prepared statements kept per connection and lent out by their SQL.
#ifndef LOGSET_ENGINE_STORE_STATEMENT_CACHE_H_
#define LOGSET_ENGINE_STORE_STATEMENT_CACHE_H_

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

namespace logset::internal {

class StatementCache;

/// A prepared statement on loan from a StatementCache. When the loan ends the statement is reset
/// and its bindings cleared (ending any read it had started and releasing bound copies), then
/// handed back for the next caller with the same SQL. Movable, not copyable.
class CachedStatement {
 public:
  CachedStatement(CachedStatement&& other) noexcept;
  CachedStatement& operator=(CachedStatement&&) = delete;
  CachedStatement(const CachedStatement&) = delete;
  ~CachedStatement();

  SQLite::Statement& operator*() const { return *statement_; }
  SQLite::Statement* operator->() const { return statement_.get(); }

 private:
  friend class StatementCache;
  CachedStatement(StatementCache* cache, std::unique_ptr<SQLite::Statement> statement);
  StatementCache* cache_;
  std::unique_ptr<SQLite::Statement> statement_;
};

/// Prepared statements of one connection, keyed by their exact SQL. Preparing is a real cost on
/// the read paths: a list page prepared five statements per request, 13% of the server's time
/// at 16 clients. SQLite re-prepares a kept statement itself when the schema changes, so a kept
/// statement never runs a stale plan; but SQLiteCpp remembers the column count from the first
/// prepare, so kept statements name their columns (`SELECT *` would miss a column added later). At
/// most kCapacity are kept (an arbitrary one is finalised to make room); a statement lent twice at
/// once is prepared afresh for the second loan. Not thread-safe: one per connection, used only by
/// the session holding it. Must be destroyed before its connection.
class StatementCache {
 public:
  static constexpr std::size_t kCapacity = 64;

  explicit StatementCache(SQLite::Database& db) : db_(&db) {}

  /// The statement for `sql`, prepared now or kept from an earlier loan. Throws what SQLite's
  /// prepare throws (SQLite::Exception) for invalid SQL.
  CachedStatement Prepare(const std::string& sql);

  /// How many statements are kept, idle.
  std::size_t size() const { return idle_.size(); }

 private:
  friend class CachedStatement;
  void Return(std::unique_ptr<SQLite::Statement> statement) noexcept;

  SQLite::Database* db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> idle_;
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_STORE_STATEMENT_CACHE_H_
