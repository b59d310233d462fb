// SPDX-License-Identifier: MIT
// libFuzzer target for query strings: the input is a raw query string (any bytes, as a client can
// send them), parsed into QueryParams and read the way the list handlers read it: typed getters,
// page parameters, sorting, timestamps, and every other parameter as an R2 quick filter. A parser
// may refuse with a 4xx logset::Error; anything else aborts, as does a page link that does not
// read back as the page it names.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/pagination.h"
#include "api/query_params.h"
#include "api/sorting.h"
#include "filter/quick_filters.h"
#include "fuzz_support.h"
#include "util/time.h"

namespace {

using logset::fuzz::ExpectClientErrorsOnly;
namespace internal = logset::internal;

// The parameters R2 and R5 read themselves (request_log_handlers.cpp); the rest are quick filters.
bool IsListParameter(const std::string& name) {
  for (const char* known : {"page", "page_size", "sort_by", "order_by", "start_time", "end_time",
                            "environment", "is_test", "log_type", "all_envs", "include_fields",
                            "fetch_filters"}) {
    if (name == known) return true;
  }
  return false;
}

void ReadLikeTheHandlers(const internal::QueryParams& query) {
  for (const char* name : {"is_test", "all_envs", "fetch_filters", "is_exporting"}) {
    ExpectClientErrorsOnly("GetBool", [&] { (void)query.GetBool(name); });
  }
  for (const char* name : {"start_time", "end_time"}) {
    if (const auto text = query.Get(name)) (void)internal::ParseTimestamp(*text, true);
  }
  ExpectClientErrorsOnly("ParsePageRequest", [&] {
    const internal::PageRequest page = internal::ParsePageRequest(query, 1000);
    (void)page.offset();
    // The next link must carry exactly the page it names.
    const std::string next = query.WithPage(page.page + 1);
    const auto reread = internal::QueryParams(next).Get("page");
    if (!reread || *reread != std::to_string(page.page + 1)) {
      std::fprintf(stderr, "WithPage(%lld) gave '%s'\n", static_cast<long long>(page.page + 1),
                   next.c_str());
      std::abort();
    }
  });
  const std::pair<internal::SortResource, const char*> sorts[] = {
      {internal::SortResource::kDatasets, "-created_at"},
      {internal::SortResource::kRequestLogs, "-timestamp"},
      {internal::SortResource::kDatasetLogs, "-timestamp"},
      {internal::SortResource::kEvalTasks, "-created_at"}};
  for (const auto& sort : sorts) {
    ExpectClientErrorsOnly("OrderByClause",
                           [&] { (void)internal::OrderByClause(query, sort.first, sort.second); });
  }
  std::vector<std::pair<std::string, std::string>> quick;
  for (const internal::QueryParams::Param& p : query.all()) {
    if (p.value.empty() || IsListParameter(p.name)) continue;
    quick.emplace_back(p.name, p.value);
  }
  ExpectClientErrorsOnly("ParseQuickFilters", [&] {
    (void)logset::filter::ParseQuickFilters(quick, logset::filter::Resource::kRequestLog);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > logset::fuzz::kMaxInput) return 0;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  (void)internal::PercentDecode(raw, false);
  ExpectClientErrorsOnly("QueryParams", [&] {
    const internal::QueryParams query(raw);
    ReadLikeTheHandlers(query);
  });
  return 0;
}
