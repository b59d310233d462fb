// SPDX-License-Identifier: MIT
// Wiring cpp-httplib to Api: each HTTP request becomes one Api::Handle call, one-to-one.
#include "http/api_adapter.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>

#include "api/export_links.h"
#include "api/request_context.h"
#include "api/responses.h"
#include "http/http_server.h"
#include "http/response_encoding.h"
#include "logset/error.h"

namespace logset::internal {
namespace {

using HandlerResponse = httplib::Server::HandlerResponse;

// httplib matches handlers with std::regex_match against the decoded path; this matches any
// path, newlines included. The API's own router decides what exists.
constexpr const char* kAnyPath = R"([\s\S]*)";

bool TakesBody(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

void Answer(const Api& api, const httplib::Request& req, std::string body, httplib::Response& res) {
  ApiRequest request = ToApiRequest(req, std::move(body));
  request.cancelled = CurrentClientGone;
  if (request.method == "GET" && request.path == "/healthz") {
    WriteApiResponse(JsonResponse(200, Json{{"status", "ok"}}), &res);
  } else {
    // A remote client cannot read the server's files: an export answers a link to download.
    const ExportLinkScope export_links;
    WriteApiResponse(api.Handle(request), &res);
  }
  CompressResponse(req, res);
}

// What a request reserves from the BodyBudget: its declared length, or the limit when chunked (a
// larger Content-Length is refused by httplib without being stored).
size_t BodyReservation(const httplib::Request& req) {
  if (req.has_header("Transfer-Encoding") || !req.has_header("Content-Length")) {
    return Api::kMaxBodyBytes;
  }
  const uint64_t length =
      std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
  return static_cast<size_t>(std::min<uint64_t>(length, Api::kMaxBodyBytes));
}

// Reads the body through httplib, holding at most Api::kMaxBodyBytes: past that (possible only
// for chunked bodies, since a larger Content-Length is refused before reading) the rest is read
// and dropped, so the connection stays in step with a client that is still sending. The body's
// bytes stay reserved in `budget` until the answer is built.
void AnswerWithBody(const Api& api, BodyBudget& budget, std::chrono::milliseconds budget_wait,
                    const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader& reader) {
  const size_t reservation_bytes = BodyReservation(req);
  const std::optional<BodyBudget::Reservation> reservation =
      budget.Reserve(reservation_bytes, budget_wait);
  if (!reservation) {
    // The body stays unread, so the server closes the connection after this answer.
    WriteApiResponse(HttpErrorResponse(503), &res);
    return;
  }
  std::string body;
  if (req.has_header("Content-Length")) body.reserve(reservation_bytes);
  bool over_limit = false;
  const bool complete = reader([&](const char* data, size_t size) {
    if (!over_limit && body.size() + size > Api::kMaxBodyBytes) {
      over_limit = true;
      std::string().swap(body);
    }
    if (!over_limit) body.append(data, size);
    return true;
  });
  if (!complete) {
    // httplib set the status: 413 for a Content-Length over the limit, 400 for a broken chunked
    // encoding or a client that stopped sending, 415 for an unknown Content-Encoding.
    WriteApiResponse(HttpErrorResponse(res.status >= 400 ? res.status : 400), &res);
  } else if (over_limit) {
    WriteApiResponse(HttpErrorResponse(413), &res);
  } else {
    Answer(api, req, std::move(body), res);
  }
}

}  // namespace

void WriteStreamedResponse(ApiResponse api_response, httplib::Response* res) {
  res->status = api_response.status;
  res->headers.clear();
  res->body.clear();
  std::string content_type = "application/octet-stream";
  for (const auto& [name, value] : api_response.headers) {
    // httplib sets Content-Type itself from the provider's argument; a second one would repeat it.
    if (name == "Content-Type") {
      content_type = value;
    } else {
      res->set_header(name, value);
    }
  }
  // Chunked: each piece goes to the socket as it is made, so the body is never held whole.
  res->set_chunked_content_provider(
      content_type, [stream = std::move(api_response.stream)](size_t, httplib::DataSink& sink) {
        const bool complete = stream([&sink](std::string_view piece) {
          return sink.is_writable() && sink.write(piece.data(), piece.size());
        });
        // Without done() the body lacks its last chunk, so the client sees the cut.
        if (complete) sink.done();
        return complete;
      });
}

void SplitTarget(std::string_view target, std::string* path, std::string* query) {
  const size_t scheme = target.find("://");
  if (!target.empty() && target.front() != '/' && scheme != std::string_view::npos) {
    const size_t path_start = target.find_first_of("/?", scheme + 3);
    target =
        path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
  }
  const size_t question = target.find('?');
  *path = std::string(target.substr(0, question));
  *query =
      question == std::string_view::npos ? std::string() : std::string(target.substr(question + 1));
  if (path->empty()) *path = "/";
}

ApiRequest ToApiRequest(const httplib::Request& req, std::string body) {
  ApiRequest request;
  request.method = req.method;
  SplitTarget(req.target, &request.path, &request.query);
  request.authorization = req.get_header_value("Authorization");
  request.host = req.get_header_value("Host");
  request.forwarded_proto = req.get_header_value("X-Forwarded-Proto");
  request.body = std::move(body);
  return request;
}

void WriteApiResponse(ApiResponse api_response, httplib::Response* res) {
  if (api_response.stream) return WriteStreamedResponse(std::move(api_response), res);
  res->status = api_response.status;
  res->headers.clear();
  res->body.clear();
  for (const auto& [name, value] : api_response.headers) res->set_header(name, value);
  if (api_response.body.empty()) return;
  // What set_content does, but moving the body: a list page is 185 KB that httplib would copy.
  res->body = std::move(api_response.body);
  res->headers.erase("Content-Type");
  res->set_header("Content-Type", "application/json");
}

ApiResponse HttpErrorResponse(int status) {
  switch (status) {
    case 413:
      // The same error Api::Handle raises for an oversized body (tested to match).
      return ErrorResponse(TooLarge("api.too_large", "Request body too large (limit 20 MB)."));
    case 500:
      return ErrorResponse(Error(ErrorCode::kInternal, "http.exception", "unhandled exception"));
    case 400:
      return JsonResponse(400, Json{{"detail", "Malformed HTTP request."}});
    case 414:
      return JsonResponse(414, Json{{"detail", "Request URI too long."}});
    case 415:
      return JsonResponse(415, Json{{"detail", "Unsupported Content-Encoding."}});
    case 416:
      return JsonResponse(416, Json{{"detail", "Invalid Range header."}});
    case 408:
      return JsonResponse(408, Json{{"detail", "Request not received in time."}});
    case 431:
      return JsonResponse(431, Json{{"detail", "Request header fields too large."}});
    case 503: {
      ApiResponse response =
          JsonResponse(503, Json{{"detail", "Too many request bodies in flight; retry later."}});
      response.headers.emplace_back("Retry-After", "1");
      return response;
    }
    default:
      return JsonResponse(status, Json{{"detail", "HTTP error " + std::to_string(status) + "."}});
  }
}

void InstallApiHandlers(httplib::Server& http, const Api& api, AccessLog& log,
                        BodyBudget& body_budget, std::chrono::milliseconds body_budget_wait) {
  http.set_payload_max_length(Api::kMaxBodyBytes);

  // Runs before httplib reads any body. Requests without a body are answered here: that covers
  // HEAD and OPTIONS (httplib would otherwise treat HEAD as GET) and body methods that declare no
  // length, which by HTTP/1.1 have an empty body (httplib would wait for the connection to close).
  const httplib::Server::HandlerWithResponse pre_routing = [&api](const httplib::Request& req,
                                                                  httplib::Response& res) {
    AccessLog::MarkRequestStart();
    // The API ignores Range, but httplib would cut the JSON body to it, and compression is ours
    // (response_encoding.h). The request object is a mutable local of httplib's request loop
    // that is only handed to us as const.
    auto& mutable_req = const_cast<httplib::Request&>(req);
    mutable_req.ranges.clear();
    TakeOverAcceptEncoding(mutable_req);
    if (TakesBody(req.method) &&
        (req.has_header("Content-Length") || req.has_header("Transfer-Encoding"))) {
      return HandlerResponse::Unhandled;
    }
    Answer(api, req, std::string(), res);
    return HandlerResponse::Handled;
  };
  http.set_pre_routing_handler(pre_routing);

  const httplib::Server::HandlerWithContentReader with_body =
      [&api, &body_budget, body_budget_wait](const httplib::Request& req, httplib::Response& res,
                                             const httplib::ContentReader& reader) {
        AnswerWithBody(api, body_budget, body_budget_wait, req, res, reader);
      };
  http.Post(kAnyPath, with_body);
  http.Put(kAnyPath, with_body);
  http.Patch(kAnyPath, with_body);
  http.Delete(kAnyPath, with_body);

  // httplib's own rejections (malformed request line, 413 on Content-Length, ...) reach this with
  // an empty body; API answers already carry theirs and pass through untouched.
  const httplib::Server::HandlerWithResponse on_error = [](const httplib::Request&,
                                                           httplib::Response& res) {
    if (!res.body.empty()) return HandlerResponse::Unhandled;
    WriteApiResponse(HttpErrorResponse(res.status), &res);
    return HandlerResponse::Handled;
  };
  http.set_error_handler(on_error);

  // Api::Handle never throws, so this is only reached by failures around it (allocation, I/O).
  http.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
        std::string what = "unknown exception";
        try {
          if (error) std::rethrow_exception(error);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        std::cerr << "logset: " << req.method << " " << req.target << ": " << what << "\n";
        WriteApiResponse(HttpErrorResponse(500), &res);
      });

  http.set_logger(
      [&log](const httplib::Request& req, const httplib::Response& res) { log.Write(req, res); });
}

}  // namespace logset::internal
