// SPDX-License-Identifier: MIT
// The dataset endpoints D1-D5: wire validation in front of the dataset services.
#include "api/handlers.h"
#include "api/pagination.h"
#include "api/responses.h"
#include "api/sorting.h"
#include "datasets/dataset_bodies.h"
#include "datasets/dataset_json.h"
#include "datasets/dataset_service.h"
#include "datasets/population_service.h"
#include "logset/error.h"
#include "util/body_reader.h"

namespace logset::internal {
namespace {

constexpr int64_t kMaxPageSize = 100;

const std::string& PathDataset(const RequestContext& ctx) { return ctx.path_params.at(0); }

}  // namespace

ApiResponse CreateDataset(RequestContext& ctx) {
  const CreateDatasetRequest request = ReadCreateDatasetBody(ctx.body);
  const int64_t org = ctx.caller.org_id;
  switch (request.mode) {
    case CreateDatasetRequest::Mode::kDuplicate:
      // An unknown source is a 404, after validation (API.md 1.2); the service checks again
      // inside its transaction.
      return JsonResponse(201, DatasetJson(DuplicateDataset(ctx.store, org, request.duplicate)));
    case CreateDatasetRequest::Mode::kEmpty:
      return JsonResponse(201, DatasetJson(CreateEmptyDataset(ctx.store, org, request.dataset)));
    case CreateDatasetRequest::Mode::kSampled:
      break;
  }
  return JsonResponse(
      201, DatasetJson(CreateSampledDataset(ctx.store, org, request.dataset, request.sampling)));
}

ApiResponse ListDatasets(RequestContext& ctx) {
  const PageRequest page = ParsePageRequest(ctx.query, kMaxPageSize);
  const std::string order_by = OrderByClause(ctx.query, SortResource::kDatasets, "-created_at");
  // GET carries no body; POST's `filters` are over the dataset fields (API.md 6).
  BodyFilter filters{filter::Resource::kDataset};
  if (ctx.body.is_object()) {
    filters = ReadBodyFilter(BodyReader(ctx.body), "filters", filter::Resource::kDataset);
  }
  DatasetPage result =
      ListDatasets(ctx.store, ctx.caller.org_id, filters, order_by, page.page_size, page.offset());
  Json results = Json::array();
  for (const Dataset& d : result.items) results.push_back(DatasetJson(d));
  return PageResponse(ctx, page, result.count, results, filters.json);
}

ApiResponse GetDataset(RequestContext& ctx) {
  return JsonResponse(200, DatasetJson(GetDataset(ctx.store, ctx.caller.org_id, PathDataset(ctx))));
}

ApiResponse UpdateDataset(RequestContext& ctx) {
  if (!DatasetExists(ctx.store, ctx.caller.org_id, PathDataset(ctx))) {
    throw NotFound("datasets.not_found");
  }
  const DatasetChanges changes = ReadDatasetChanges(ctx.body);
  return JsonResponse(
      200, DatasetJson(UpdateDataset(ctx.store, ctx.caller.org_id, PathDataset(ctx), changes)));
}

ApiResponse DeleteDataset(RequestContext& ctx) {
  DeleteDataset(ctx.store, ctx.caller.org_id, PathDataset(ctx));
  return NoContent();
}

}  // namespace logset::internal
