// SPDX-License-Identifier: MIT
// Page parameters and the paginated response envelope.
#include "api/pagination.h"

#include <algorithm>
#include <cctype>

#include "logset/error.h"
#include "util/ascii.h"

namespace logset::internal {
namespace {

// A positive decimal integer with no sign, fraction or spaces; nullopt otherwise (or on overflow).
std::optional<int64_t> PositiveInt(const std::string& s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < 1) return std::nullopt;
  return v;
}

Json Link(const RequestContext& ctx, int64_t page) {
  const ApiRequest& r = ctx.request;
  const std::string scheme = AsciiLower(r.forwarded_proto) == "https" ? "https" : "http";
  const std::string host = r.host.empty() ? "localhost" : r.host;
  return scheme + "://" + host + r.path + "?" + ctx.query.WithPage(page);
}

}  // namespace

PageRequest ParsePageRequest(const QueryParams& query, int64_t max_page_size) {
  PageRequest p;
  if (const auto page = query.Get("page")) {
    const auto v = PositiveInt(*page);
    if (!v) throw InvalidArgument("api.bad_page", "page: must be a positive integer.", "page");
    p.page = *v;
  }
  if (const auto size = query.Get("page_size")) {
    const auto v = PositiveInt(*size);
    if (!v) {
      throw InvalidArgument("api.bad_page_size", "page_size: must be a positive integer.",
                            "page_size");
    }
    p.page_size = *v;
  }
  p.page_size = std::min(p.page_size, max_page_size);
  return p;
}

Json PageResponse(const RequestContext& ctx, const PageRequest& page, int64_t count, Json results,
                  Json current_filters) {
  Json out = Json::object();
  out["count"] = count;
  out["next"] = page.page * page.page_size < count ? Link(ctx, page.page + 1) : Json(nullptr);
  out["previous"] = page.page > 1 ? Link(ctx, page.page - 1) : Json(nullptr);
  out["results"] = std::move(results);
  out["total_count"] = count;
  out["current_filters"] =
      current_filters.is_object() ? std::move(current_filters) : Json::object();
  out["filters_data"] = Json::object();
  return out;
}

}  // namespace logset::internal
