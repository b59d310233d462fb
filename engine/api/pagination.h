// SPDX-License-Identifier: MIT
// Page parameters and the paginated response envelope (API.md 1.5).
#ifndef LOGSET_ENGINE_API_PAGINATION_H_
#define LOGSET_ENGINE_API_PAGINATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "api/request_context.h"

namespace logset::internal {

struct PageRequest {
  int64_t page = 1;
  int64_t page_size = 50;
  int64_t offset() const { return (page - 1) * page_size; }
};

/// Reads `page` and `page_size` from the query. page_size defaults to 50 and is clamped to
/// `max_page_size`. Throws InvalidArgument (field `page` / `page_size`) for values that are not
/// positive integers.
PageRequest ParsePageRequest(const QueryParams& query, int64_t max_page_size);

/// `path` (starting with '/') as an absolute URL on the server the request reached: `http://`
/// (`https://` if X-Forwarded-Proto says https), then the Host header (`localhost` if absent).
std::string AbsoluteUrl(const RequestContext& ctx, const std::string& path);

/// The 200 response holding the envelope {count, next, previous, results, total_count,
/// current_filters, filters_data} with absolute next/previous links built from the request's
/// Host, X-Forwarded-Proto, path and query. `results` is the page's JSON array (a Json array, or
/// for RenderedPageResponse its items, each one complete compact JSON value); `current_filters`
/// is the body's filter object (already validated), echoed as CurrentFiltersEcho shapes it.
ApiResponse PageResponse(const RequestContext& ctx, const PageRequest& page, int64_t count,
                         const Json& results, const Json& current_filters);
ApiResponse RenderedPageResponse(const RequestContext& ctx, const PageRequest& page, int64_t count,
                                 const std::vector<std::string>& rendered_results,
                                 const Json& current_filters);

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_API_PAGINATION_H_
