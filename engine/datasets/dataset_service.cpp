// SPDX-License-Identifier: MIT
// Dataset operations (D1-D5), each inside one session.
#include "datasets/dataset_service.h"

#include <algorithm>

#include "datasets/dataset_build.h"
#include "datasets/dataset_store.h"
#include "store/store_access.h"
#include "util/ids.h"

namespace logset::internal {

Dataset CreateEmptyDataset(Store& store, int64_t org_id, const NewDataset& request) {
  Dataset d;
  d.org_id = org_id;
  d.uuid = NewUuid();
  d.name = request.name;
  d.description = request.description;
  d.type = request.type;
  d.initial_log_filters = request.initial_log_filters;
  d.created_at = NowMicros();
  d.updated_at = d.created_at;
  auto session = StoreAccess::Write(store);
  InsertDataset(session.db(), d);
  session.Commit();
  return d;
}

bool DatasetExists(Store& store, int64_t org_id, const std::string& uuid) {
  auto session = StoreAccess::Read(store);
  return FindDataset(session.db(), org_id, uuid).has_value();
}

Dataset GetDataset(Store& store, int64_t org_id, const std::string& uuid) {
  auto session = StoreAccess::Read(store);
  std::vector<Dataset> one{RequireDataset(session.db(), org_id, uuid)};
  LoadFirstLogIds(session.db(), one);
  return std::move(one.front());
}

DatasetPage ListDatasets(Store& store, int64_t org_id, const BodyFilter& filters,
                         const std::string& order_by, int64_t limit, int64_t offset) {
  auto session = StoreAccess::Read(store);
  const SqlWhere where = CompileBodyFilter(session.db(), filters);
  DatasetPage page;
  page.count = CountDatasets(session.db(), org_id, where);
  // A page past the end still reports the true count, with no rows to fetch.
  if (offset < page.count) {
    page.items = ListDatasetRows(session.db(), org_id, where, order_by, limit, offset);
    LoadFirstLogIds(session.db(), page.items);
  }
  return page;
}

Dataset UpdateDataset(Store& store, int64_t org_id, const std::string& uuid,
                      const DatasetChanges& changes) {
  auto session = StoreAccess::Write(store);
  Dataset d = RequireDataset(session.db(), org_id, uuid);
  bool changed = false;
  auto apply = [&changed](auto& field, const auto& value) {
    if (value && *value != field) {
      field = *value;
      changed = true;
    }
  };
  apply(d.name, changes.name);
  apply(d.description, changes.description);
  apply(d.starred, changes.starred);
  apply(d.tags, changes.tags);
  if (changed) {
    d.updated_at = std::max(NowMicros(), d.updated_at + 1);
    UpdateDatasetRow(session.db(), d);
  }
  std::vector<Dataset> one{std::move(d)};
  LoadFirstLogIds(session.db(), one);
  session.Commit();
  return std::move(one.front());
}

void DeleteDataset(Store& store, int64_t org_id, const std::string& uuid) {
  DeleteDatasetInChunks(store, org_id, uuid);
}

}  // namespace logset::internal
