// SPDX-License-Identifier: MIT
// Streaming JSONL import of request logs, committed in batches.
#include "logs/jsonl_import.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "logs/request_log_input.h"
#include "logs/request_log_store.h"
#include "logset/api.h"
#include "logset/error.h"
#include "store/store_access.h"
#include "util/json_parse.h"

namespace logset::internal {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::size_t kMaxLineBytes = Api::kMaxBodyBytes;

// Splits a stream into lines through a fixed buffer: one read() per 64 KiB whatever the
// stream's own buffering (std::cin included), and no line can grow past the limit.
class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(in), buffer_(kChunkBytes) {}

  // The next line without "\n" or "\r\n" in `line`; false at the end of input. A line over
  // kMaxLineBytes is cut there and flagged `too_long`; the rest of it is skipped.
  bool Next(std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    bool any = false;
    while (true) {
      if (pos_ == end_ && !Fill()) return any;
      any = true;
      const char* start = buffer_.data() + pos_;
      const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
      const std::size_t n = newline != nullptr ? newline - start : end_ - pos_;
      const std::size_t room = kMaxLineBytes - std::min(kMaxLineBytes, line.size());
      line.append(start, std::min(n, room));
      if (n > room) too_long = true;
      pos_ += n;
      if (newline != nullptr) {
        ++pos_;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return true;
      }
    }
  }

 private:
  bool Fill() {
    if (eof_) return false;
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    end_ = static_cast<std::size_t>(in_.gcount());
    pos_ = 0;
    if (in_.bad()) throw StorageError("import.read", "cannot read the input.");
    if (!in_) eof_ = true;  // a short read only happens at the end
    return end_ > 0;
  }

  std::istream& in_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
};

bool IsBlank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

// The line as a JSON object, with the API's parse-error texts (API.md 1.1).
Json ParseLine(const std::string& line) {
  Json parsed = ParseJsonDocument(line);
  if (!parsed.is_object()) {
    throw InvalidArgument("api.item_not_object", "Item must be a JSON object.");
  }
  return parsed;
}

}  // namespace

JsonlImportProgress ImportRequestLogsJsonl(Store& store, std::istream& in,
                                           const JsonlImportOptions& options,
                                           const JsonlImportCallbacks& callbacks) {
  const std::size_t batch_size = std::max<std::size_t>(1, options.batch_size);
  JsonlImportProgress progress;
  std::vector<RequestLog> pending;
  pending.reserve(std::min<std::size_t>(batch_size, 4096));

  // Parsing happens outside the write lock; only the inserts of a batch hold it.
  const auto flush = [&] {
    if (!pending.empty()) {
      auto session = StoreAccess::Write(store);
      RequestLogWriter writer(session.db());
      for (const RequestLog& log : pending) writer.Insert(options.org_id, log);
      session.Commit();
      progress.imported += static_cast<int64_t>(pending.size());
      pending.clear();
    }
    if (callbacks.on_progress) callbacks.on_progress(progress);
  };

  LineReader reader(in);
  std::string line;
  bool too_long = false;
  IngestDefaults defaults;
  defaults.environment = options.environment;
  while (reader.Next(line, too_long)) {
    ++progress.lines;
    // A UTF-8 byte order mark is an editor's artefact, not part of the first body.
    if (progress.lines == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!too_long && IsBlank(line)) continue;
    try {
      if (too_long)
        throw TooLarge("import.line_too_large", "Request body too large (limit 20 MB).");
      defaults.now = NowMicros();
      pending.push_back(ParseRequestLogInput(ParseLine(line), defaults));
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kInvalidArgument && e.code() != ErrorCode::kTooLarge) throw;
      ++progress.failed;
      if (callbacks.on_error) callbacks.on_error(JsonlLineError{progress.lines, e.detail()});
      continue;
    }
    if (pending.size() >= batch_size) flush();
  }
  flush();
  return progress;
}

}  // namespace logset::internal
