// SPDX-License-Identifier: MIT
// Expression indexes on metadata keys: creating them, and telling the compiler which exist.
#include "filter/metadata_index.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "filter/field_catalog.h"
#include "filter/json_value.h"
#include "logset/error.h"
#include "store/index_stats.h"
#include "store/sqlite_errors.h"

namespace logset::filter {
namespace {

// The part of the definition just before the path literal; CreateMetadataIndex writes it and
// SQLite keeps the CREATE INDEX text verbatim in sqlite_schema.
constexpr std::string_view kExpressionStart = "json_extract(metadata, '";

[[noreturn]] void InvalidKey(const std::string& message) {
  throw InvalidArgument("index.invalid_key", "key: " + message, "key");
}

std::string NamePrefix(Resource resource) {
  return std::string(TableName(resource)) + "_metadata_";
}

// A stable name derived from the path (FNV-1a), so creating the same index twice, even from
// two processes, names it the same.
std::string IndexName(Resource resource, const std::string& json_path) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : json_path) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return NamePrefix(resource) + hex;
}

// The JSON path in a definition written by CreateMetadataIndex, or empty.
std::optional<std::string> PathOfDefinition(const std::string& sql) {
  size_t i = sql.find(kExpressionStart);
  if (i == std::string::npos) return std::nullopt;
  std::string path;
  for (i += kExpressionStart.size(); i < sql.size(); ++i) {
    if (sql[i] != '\'') {
      path += sql[i];
    } else if (i + 1 < sql.size() && sql[i + 1] == '\'') {
      path += '\'';
      ++i;
    } else {
      return path;
    }
  }
  return std::nullopt;
}

// The key a path was made from (SqlitePath in reverse), levels joined by `__`.
std::string KeyOfPath(const std::string& path) {
  std::string key;
  size_t i = 1;  // after `$`
  while (i < path.size() && path[i] == '.') {
    ++i;
    size_t end;
    std::string escaped;
    if (i < path.size() && path[i] == '"') {
      end = path.find('"', i + 1);
      if (end == std::string::npos) break;
      escaped = path.substr(i + 1, end - i - 1);
      ++end;
    } else {
      end = path.find('.', i);
      if (end == std::string::npos) end = path.size();
      escaped = path.substr(i, end - i);
    }
    nlohmann::ordered_json level =
        nlohmann::ordered_json::parse("\"" + escaped + "\"", nullptr, false);
    if (!key.empty()) key += "__";
    key += level.is_string() ? level.get<std::string>() : escaped;
    i = end;
  }
  return key;
}

std::vector<MetadataIndex> IndexesOf(SQLite::Database& db, Resource resource) {
  std::vector<MetadataIndex> out;
  SQLite::Statement q(db,
                      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? "
                      "AND name GLOB ? AND sql IS NOT NULL ORDER BY name");
  q.bind(1, std::string(TableName(resource)));
  q.bind(2, NamePrefix(resource) + "*");
  while (q.executeStep()) {
    std::optional<std::string> path = PathOfDefinition(q.getColumn(1).getString());
    if (!path) continue;
    out.push_back(MetadataIndex{resource, KeyOfPath(*path), *path, q.getColumn(0).getString()});
  }
  return out;
}

// The schema cookie, which every committed schema change increments: a cheap read from the
// database header, unlike sqlite_schema.
int SchemaVersion(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA schema_version", -1, &stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  const int version = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW) throw SQLite::Exception(db, rc);
  return version;
}

// The indexed paths per connection, valid for one schema version. Keyed by connection, so two
// stores, files or in-memory databases (whose schema versions may well be equal) never share an
// entry. A connection's entry is erased when SQLite closes it (the destructor of a function
// registered on it for that purpose), before its address can be reused by another connection.
class IndexCache {
 public:
  struct Entry {
    bool valid = false;
    int schema_version = 0;
    std::set<std::string> request_log_paths;
    std::set<std::string> dataset_log_paths;
  };

  static IndexCache& Get() {
    static IndexCache* cache = new IndexCache;  // never destroyed: connections may outlive exit
    return *cache;
  }

  // The paths cached for `db` at `version`, or empty.
  std::optional<std::set<std::string>> Find(sqlite3* db, int version, Resource resource) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = entries_.find(db);
    if (it == entries_.end() || !it->second.valid || it->second.schema_version != version) {
      return std::nullopt;
    }
    return resource == Resource::kRequestLog ? it->second.request_log_paths
                                             : it->second.dataset_log_paths;
  }

  void Store(sqlite3* db, Entry entry) {
    if (!Watch(db)) return;
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = entries_.find(db);
    if (it != entries_.end()) it->second = std::move(entry);
  }

 private:
  // Makes sure `db` has an entry that its closing erases; false if that cannot be arranged.
  bool Watch(sqlite3* db) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (entries_.count(db) != 0) return true;
      entries_.emplace(db, Entry{});
    }
    // Outside the lock: SQLite calls Forget if the registration fails. A new function name
    // expires no prepared statement.
    const int rc = sqlite3_create_function_v2(
        db, "logset_metadata_index_cache", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY, db,
        [](sqlite3_context* ctx, int, sqlite3_value**) { sqlite3_result_null(ctx); }, nullptr,
        nullptr, [](void* closed) { Get().Forget(static_cast<sqlite3*>(closed)); });
    return rc == SQLITE_OK;
  }

  void Forget(sqlite3* db) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.erase(db);
  }

  std::mutex mutex_;
  std::unordered_map<sqlite3*, Entry> entries_;
};

}  // namespace

MetadataIndex CreateMetadataIndex(SQLite::Database& db, Resource resource, const std::string& key) {
  if (resource == Resource::kDataset) InvalidKey("datasets have no metadata to index.");
  const std::vector<std::string> path = SplitMetadataKey(key);
  if (path.empty()) InvalidKey("must be a non-empty metadata key without empty levels.");
  const std::optional<std::string> json_path = SqlitePath(path);
  if (!json_path) {
    InvalidKey("a key holding '\"' together with '.' or '[' cannot be indexed.");
  }
  const char* scope = resource == Resource::kRequestLog ? "org_id" : "dataset_id";
  MetadataIndex index{resource, key, *json_path, IndexName(resource, *json_path)};
  try {
    // DDL takes no parameters: the name is [a-z_0-9] and the path a quoted literal. The
    // expression is the one filter/field_sql.cpp emits for an indexed path (there qualified by
    // the table name, which SQLite resolves to the same column).
    db.exec("CREATE INDEX IF NOT EXISTS " + index.index_name + " ON " + TableName(resource) + " (" +
            scope + ", " + std::string(kExpressionStart.substr(0, kExpressionStart.size() - 1)) +
            SqlStringLiteral(*json_path) + "))");
    internal::AnalyzeIndexesWithoutStats(db);
    for (const MetadataIndex& existing : IndexesOf(db, resource)) {
      if (existing.index_name == index.index_name && existing.json_path == *json_path) {
        return index;
      }
    }
  } catch (...) {
    throw internal::TranslateCurrentException();
  }
  // Only a hash collision with another path's index can get here.
  throw StorageError("index.name_collision",
                     "index " + index.index_name + " exists for another metadata key.");
}

std::vector<MetadataIndex> ListMetadataIndexes(SQLite::Database& db) {
  try {
    std::vector<MetadataIndex> out = IndexesOf(db, Resource::kRequestLog);
    for (MetadataIndex& m : IndexesOf(db, Resource::kDatasetLog)) out.push_back(std::move(m));
    return out;
  } catch (...) {
    throw internal::TranslateCurrentException();
  }
}

std::string MetadataTextProbe(const std::string& json_path) {
  // SQLite orders TEXT above every number: the first entry >= '' is text if there is any.
  // CROSS JOIN keeps organizations outside, so each organisation's probe is one seek in the
  // (org_id, expression) index; left to itself the planner scanned every log instead (1.2 s at
  // 1M logs).
  return "SELECT EXISTS (SELECT 1 FROM organizations AS o CROSS JOIN request_logs ON "
         "request_logs.org_id = o.id WHERE json_extract(request_logs.metadata, " +
         SqlStringLiteral(json_path) + ") >= '')";
}

bool MetadataIndexHoldsText(SQLite::Database& db, Resource resource, const std::string& json_path) {
  if (resource != Resource::kRequestLog) return true;
  try {
    SQLite::Statement probe(db, MetadataTextProbe(json_path));
    probe.executeStep();
    return probe.getColumn(0).getInt() != 0;
  } catch (...) {
    throw internal::TranslateCurrentException();
  }
}

std::set<std::string> LoadMetadataIndexes(SQLite::Database& db, Resource resource) {
  if (resource == Resource::kDataset) return {};
  sqlite3* handle = db.getHandle();
  try {
    const int version = SchemaVersion(handle);
    if (auto cached = IndexCache::Get().Find(handle, version, resource)) return *cached;
    IndexCache::Entry entry;
    for (const MetadataIndex& m : IndexesOf(db, Resource::kRequestLog)) {
      entry.request_log_paths.insert(m.json_path);
    }
    for (const MetadataIndex& m : IndexesOf(db, Resource::kDatasetLog)) {
      entry.dataset_log_paths.insert(m.json_path);
    }
    std::set<std::string> paths =
        resource == Resource::kRequestLog ? entry.request_log_paths : entry.dataset_log_paths;
    // Outside a transaction each statement reads its own snapshot: an unchanged version around
    // the reads means no schema change was committed in between (versions only grow). A write
    // transaction's own schema changes may yet roll back, so they are never cached.
    if (SchemaVersion(handle) == version && sqlite3_txn_state(handle, "main") != SQLITE_TXN_WRITE) {
      entry.valid = true;
      entry.schema_version = version;
      IndexCache::Get().Store(handle, std::move(entry));
    }
    return paths;
  } catch (...) {
    throw internal::TranslateCurrentException();
  }
}

}  // namespace logset::filter
