// SPDX-License-Identifier: MIT
// Page parameters and the paginated response envelope.
#include "api/pagination.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "api/current_filters.h"
#include "logset/error.h"
#include "util/ascii.h"
#include "util/json_writer.h"

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

std::string Link(const RequestContext& ctx, int64_t page) {
  return AbsoluteUrl(ctx, ctx.request.path) + "?" + ctx.query.WithPage(page);
}

}  // namespace

std::string AbsoluteUrl(const RequestContext& ctx, const std::string& path) {
  const ApiRequest& r = ctx.request;
  const std::string scheme = AsciiLower(r.forwarded_proto) == "https" ? "https" : "http";
  const std::string host = r.host.empty() ? "localhost" : r.host;
  return scheme + "://" + host + path;
}

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

namespace {

// The envelope around the results that `write_results` writes (one JSON array) straight into
// the body: a list page is a few hundred KB, which an intermediate string would copy.
ApiResponse Envelope(const RequestContext& ctx, const PageRequest& page, int64_t count,
                     size_t results_bytes, const std::function<void(JsonWriter&)>& write_results,
                     const Json& current_filters) {
  ApiResponse r;
  r.status = 200;
  r.body.reserve(results_bytes + 512);
  JsonWriter w(r.body);
  w.BeginObject();
  w.Key("count");
  w.Int(count);
  w.Key("next");
  page.page* page.page_size < count ? w.String(Link(ctx, page.page + 1)) : w.Null();
  w.Key("previous");
  page.page > 1 ? w.String(Link(ctx, page.page - 1)) : w.Null();
  w.Key("results");
  write_results(w);
  w.Key("total_count");
  w.Int(count);
  w.Key("current_filters");
  w.Value(CurrentFiltersEcho(current_filters));
  w.Key("filters_data");
  w.Raw("{}");
  w.EndObject();
  return r;
}

}  // namespace

ApiResponse RenderedPageResponse(const RequestContext& ctx, const PageRequest& page, int64_t count,
                                 const std::vector<std::string>& rendered_results,
                                 const Json& current_filters) {
  size_t bytes = 2;
  for (const std::string& item : rendered_results) bytes += item.size() + 1;
  return Envelope(
      ctx, page, count, bytes,
      [&rendered_results](JsonWriter& w) {
        w.BeginArray();
        for (const std::string& item : rendered_results) w.Raw(item);
        w.EndArray();
      },
      current_filters);
}

ApiResponse PageResponse(const RequestContext& ctx, const PageRequest& page, int64_t count,
                         const Json& results, const Json& current_filters) {
  return Envelope(
      ctx, page, count, 0, [&results](JsonWriter& w) { w.Value(results); }, current_filters);
}

}  // namespace logset::internal
