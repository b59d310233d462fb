// SPDX-License-Identifier: MIT
// Shared harness of the dataset tests: a keyed in-memory store with two organisations, one-line
// API calls, direct SQL for setup and assertions, and failure injection on the writer connection.
#ifndef LOGSET_TESTS_DATASET_TEST_UTIL_H_
#define LOGSET_TESTS_DATASET_TEST_UTIL_H_

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "logset/api.h"
#include "logset/keys.h"
#include "logset/store.h"
#include "store/store_access.h"
#include "test_util.h"

namespace logset::dataset_test {

using testing::ApiResult;
using testing::Json;

inline constexpr const char* kMine = "Bearer k-default";
inline constexpr const char* kTestEnv = "Bearer k-test";
inline constexpr const char* kOther = "Bearer k-other";

/// A fresh in-memory store in keyed mode: "default" (id 1) with a prod key (kMine) and a test key
/// (kTestEnv), and "other" with kOther. Exports go to a temporary directory.
struct DatasetHarness {
  testing::TempDir dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<Api> api;

  DatasetHarness() {
    StoreOptions options;
    options.path = ":memory:";
    options.exports_dir = dir.File("exports");
    store = Store::Open(options);
    api = std::make_unique<Api>(*store);
    AddApiKey(*store, "default", "prod", "k-default");
    AddApiKey(*store, "default", "test", "k-test");
    AddApiKey(*store, "other", "prod", "k-other");
  }

  ApiResult Call(const std::string& method, const std::string& path, const Json& body = Json(),
                 const std::string& auth = kMine) const {
    return testing::ApiCall(*api, method, path, body, auth);
  }

  /// Creates an empty dataset and returns its id.
  std::string NewDataset(const std::string& name, const std::string& auth = kMine) const {
    const ApiResult r = Call("POST", "/api/datasets/", {{"name", name}, {"is_empty", true}}, auth);
    REQUIRE_MESSAGE(r.status == 201, r.raw_body);
    return r.body["id"].get<std::string>();
  }

  /// Creates a dataset from `body` (D1) and returns the 201 body.
  Json CreateDataset(const Json& body, const std::string& auth = kMine) const {
    const ApiResult r = Call("POST", "/api/datasets/", body, auth);
    REQUIRE_MESSAGE(r.status == 201, r.raw_body);
    return r.body;
  }

  Json Dataset(const std::string& id) const {
    const ApiResult r = Call("GET", "/api/datasets/" + id + "/");
    REQUIRE_MESSAGE(r.status == 200, r.raw_body);
    return r.body;
  }

  /// Ingests request logs through R6 and returns their unique_ids in order.
  std::vector<std::string> IngestLogs(const Json& logs, const std::string& auth = kMine) const {
    const ApiResult r = Call("POST", "/api/request-logs/bulk/", {{"logs", logs}}, auth);
    REQUIRE_MESSAGE(r.status == 200, r.raw_body);
    REQUIRE_MESSAGE(r.body["error_count"] == 0, r.raw_body);
    return r.body["unique_ids"].get<std::vector<std::string>>();
  }

  /// Every log of a dataset (list items, at most 100 per page, all pages), in `sort` order.
  std::vector<Json> Logs(const std::string& dataset, const std::string& sort = "-timestamp") const {
    std::vector<Json> out;
    for (int page = 1;; ++page) {
      const ApiResult r = Call("GET", "/api/datasets/" + dataset +
                                          "/logs/list/?page_size=100&page=" + std::to_string(page) +
                                          "&sort_by=" + sort);
      REQUIRE_MESSAGE(r.status == 200, r.raw_body);
      for (const Json& item : r.body["results"]) out.push_back(item);
      if (r.body["next"].is_null()) return out;
    }
  }

  /// The source_log_ids of a dataset's logs, sorted.
  std::vector<std::string> SourceIds(const std::string& dataset) const {
    std::vector<std::string> out;
    for (const Json& log : Logs(dataset, "unique_id")) {
      out.push_back(log["source_log_id"].get<std::string>());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  int64_t Scalar(const std::string& sql) const {
    auto session = internal::StoreAccess::Read(*store);
    return session.db().execAndGet(sql).getInt64();
  }
  std::string Text(const std::string& sql) const {
    auto session = internal::StoreAccess::Read(*store);
    return session.db().execAndGet(sql).getString();
  }
  void Exec(const std::string& sql) const {
    auto session = internal::StoreAccess::Write(*store);
    session.db().exec(sql);
    session.Commit();
  }
  std::string OrgUuid() const { return Text("SELECT uuid FROM organizations WHERE id = 1"); }

  /// Makes every later write that leaves dataset `dataset_rowid_sql` (an SQL expression giving the
  /// dataset's rowid) with `count_condition` logs (e.g. ">= 5") fail half-way, through a TEMP
  /// trigger on the writer connection, which is where every population statement runs.
  void FailWhenLogCount(const std::string& event, const std::string& dataset_rowid_sql,
                        const std::string& count_condition) const {
    Exec("CREATE TEMP TRIGGER inject_failure AFTER " + event +
         " ON dataset_logs WHEN (SELECT count(*) FROM dataset_logs WHERE dataset_id = (" +
         dataset_rowid_sql + ")) " + count_condition +
         " BEGIN SELECT RAISE(ABORT, 'injected'); END");
  }
  void ClearFailure() const { Exec("DROP TRIGGER IF EXISTS temp.inject_failure"); }
};

/// DatasetHarness with one empty dataset "main" of the default organisation.
struct LogHarness : DatasetHarness {
  std::string ds;
  std::string base;  ///< "/api/datasets/<ds>/logs/"

  LogHarness() : ds(NewDataset("main")), base("/api/datasets/" + ds + "/logs/") {}

  /// Creates a log (L1) in "main" and returns its detail object.
  Json Add(const Json& body, const std::string& auth = kMine) const {
    const ApiResult r = Call("POST", base, body, auth);
    REQUIRE_MESSAGE(r.status == 201, r.raw_body);
    const ApiResult detail = Call("GET", base + r.body["unique_id"].get<std::string>() + "/");
    REQUIRE_MESSAGE(detail.status == 200, detail.raw_body);
    return detail.body;
  }

  using DatasetHarness::Dataset;
  Json Dataset() const { return Dataset(ds); }
};

/// Inserts request logs of organisation 1 straight into request_logs, with the given unique_ids,
/// timestamps (microseconds) and trace ids ("" for none), in the order given. For tests that
/// need to choose ids or insertion order, which the API never lets a client do.
inline void InsertRequestLogRows(Store& store, const std::vector<std::string>& ids,
                                 const std::vector<int64_t>& timestamps,
                                 const std::vector<std::string>& traces = {}) {
  auto session = internal::StoreAccess::Write(store);
  SQLite::Statement insert(session.db(),
                           "INSERT INTO request_logs (org_id, unique_id, timestamp, start_time, "
                           "environment, status, status_code, prompt_tokens, completion_tokens, "
                           "total_request_tokens, cost, stream, trace_unique_id) "
                           "VALUES (1, ?, ?, ?, 'prod', 'success', 200, 0, 0, 0, 0, 0, ?)");
  for (size_t i = 0; i < ids.size(); ++i) {
    insert.reset();
    insert.bind(1, ids[i]);
    insert.bind(2, timestamps[i]);
    insert.bind(3, timestamps[i]);
    if (i < traces.size() && !traces[i].empty()) {
      insert.bind(4, traces[i]);
    } else {
      insert.bind(4);
    }
    insert.exec();
  }
  session.Commit();
}

inline std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

inline bool IsTimestamp(const Json& v) {
  static const std::regex kShape(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)");
  return v.is_string() && std::regex_match(v.get<std::string>(), kShape);
}

inline bool IsUuid(const Json& v) {
  static const std::regex kShape(R"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
  return v.is_string() && std::regex_match(v.get<std::string>(), kShape);
}

/// 32 lowercase hex digits with the UUID v4 version and variant nibbles.
inline bool IsV4LogId(const Json& v) {
  static const std::regex kShape(R"([0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15})");
  return v.is_string() && std::regex_match(v.get<std::string>(), kShape);
}

inline void CheckError(const ApiResult& r, int status, const std::string& field,
                       const std::string& detail) {
  CHECK_MESSAGE(r.status == status, r.raw_body);
  CHECK(r.body.value("field", "") == field);
  CHECK(r.Detail() == detail);
}

/// A 400 whose field is `pointer` and whose detail starts with "<pointer>: ".
inline void CheckFilterError(const ApiResult& r, const std::string& pointer) {
  CHECK_MESSAGE(r.status == 400, r.raw_body);
  CHECK(r.body.value("field", "") == pointer);
  CHECK(r.Detail().rfind(pointer + ": ", 0) == 0);
}

/// The keys of a dataset object, API.md 4.1 order.
inline const std::vector<std::string>& DatasetKeys() {
  static const std::vector<std::string> kKeys = {"id",
                                                 "name",
                                                 "description",
                                                 "type",
                                                 "status",
                                                 "running_status",
                                                 "running_progress",
                                                 "running_at",
                                                 "log_count",
                                                 "completed_annotation_count",
                                                 "initial_log_filters",
                                                 "organization",
                                                 "organization_id",
                                                 "unique_organization_ids",
                                                 "timestamps",
                                                 "evaluator",
                                                 "updated_by",
                                                 "created_at",
                                                 "updated_at",
                                                 "log_ids",
                                                 "starred",
                                                 "tags",
                                                 "source_dataset_id",
                                                 "sampling_info"};
  return kKeys;
}

/// The keys of a dataset log, API.md 4.2 then 4.3, in table order.
inline const std::vector<std::string>& LogKeys() {
  static const std::vector<std::string> kKeys = {"id",
                                                 "unique_id",
                                                 "organization_id",
                                                 "environment",
                                                 "timestamp",
                                                 "start_time",
                                                 "log_type",
                                                 "model",
                                                 "provider_id",
                                                 "error_message",
                                                 "status",
                                                 "status_code",
                                                 "prompt_tokens",
                                                 "completion_tokens",
                                                 "total_request_tokens",
                                                 "cost",
                                                 "latency",
                                                 "time_to_first_token",
                                                 "temperature",
                                                 "tokens_per_second",
                                                 "max_tokens",
                                                 "stream",
                                                 "positive_feedback",
                                                 "customer_identifier",
                                                 "custom_identifier",
                                                 "thread_identifier",
                                                 "group_identifier",
                                                 "trace_unique_id",
                                                 "span_name",
                                                 "span_workflow_name",
                                                 "span_parent_id",
                                                 "prompt_id",
                                                 "prompt_name",
                                                 "tools",
                                                 "tool_calls",
                                                 "input",
                                                 "output",
                                                 "metadata",
                                                 "scores",
                                                 "dataset_id",
                                                 "expected_output",
                                                 "prompt",
                                                 "completion",
                                                 "messages",
                                                 "annotation_status",
                                                 "annotation_completed_by",
                                                 "source_log_id",
                                                 "created_at",
                                                 "updated_at"};
  return kKeys;
}

// The harness with Create naming an empty dataset.
struct DatasetApi : DatasetHarness {
  std::string Create(const std::string& name, const std::string& auth = kMine) const {
    return NewDataset(name, auth);
  }
};

}  // namespace logset::dataset_test

#endif  // LOGSET_TESTS_DATASET_TEST_UTIL_H_
