// SPDX-License-Identifier: MIT
// Exporting a dataset's logs to CSV (RFC 4180) or JSON Lines.
#include "datasets/dataset_log_export.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "datasets/dataset_log_json.h"
#include "datasets/dataset_log_store.h"
#include "datasets/dataset_store.h"
#include "logs/matching_count.h"
#include "logset/error.h"
#include "store/store_access.h"
#include "util/json_writer.h"

namespace logset::internal {
namespace {

namespace fs = std::filesystem;

// Scores are loaded for this many logs at a time: one query per batch, bounded memory.
constexpr size_t kBatchSize = 500;
constexpr size_t kMaxStemChars = 100;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

bool IsSafe(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// Creates the first free name among stem.ext, stem-1.ext, ... with fopen's exclusive mode, so two
// concurrent exports can never pick the same file.
std::pair<File, fs::path> CreateExclusive(const fs::path& dir, const std::string& stem,
                                          const std::string& extension) {
  for (int n = 0;; ++n) {
    const std::string suffix = n == 0 ? "" : "-" + std::to_string(n);
    const fs::path path = dir / (stem + suffix + extension);
    if (std::FILE* f = std::fopen(path.c_str(), "wbx")) return {File(f), path};
    if (errno != EEXIST) {
      throw StorageError("export.open", "cannot create export file '" + path.string() +
                                            "': " + std::strerror(errno));
    }
  }
}

// One CSV cell: strings as they are, null empty, any other value as compact JSON text; quoted
// (with doubled quotes) when it holds a comma, a quote or a line break.
std::string CsvCell(const Json& v) {
  if (v.is_null()) return {};
  std::string text = v.is_string() ? v.get<std::string>() : DumpJson(v);
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string CsvRow(const std::vector<std::string>& cells) {
  std::string row;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) row += ',';
    row += cells[i];
  }
  return row + "\r\n";
}

// Thrown through ForEachDatasetLog, which cannot be stopped otherwise, when the sink refuses a
// piece.
struct SinkRefused {};

// Turns list items into export text, handed to the sink in pieces of whole rows.
class ExportWriter {
 public:
  ExportWriter(ExportFormat format, const ExportSink& sink) : format_(format), sink_(sink) {}

  void Write(const Json& item) {
    if (format_ == ExportFormat::kJsonl) {
      pending_ += DumpJson(item);
      pending_ += '\n';
    } else {
      if (!header_written_) {
        AppendHeader(item);
        header_written_ = true;
      }
      std::vector<std::string> cells;
      for (const auto& [key, value] : item.items()) cells.push_back(CsvCell(value));
      pending_ += CsvRow(cells);
    }
    if (pending_.size() >= kExportPieceBytes) Flush();
  }

  /// A CSV of an empty dataset still gets its header row.
  void Finish(const Json& header_source) {
    if (format_ == ExportFormat::kCsv && !header_written_) AppendHeader(header_source);
    Flush();
  }

 private:
  void AppendHeader(const Json& item) {
    std::vector<std::string> cells;
    for (const auto& [key, value] : item.items()) cells.push_back(CsvCell(key));
    pending_ += CsvRow(cells);
  }

  void Flush() {
    if (pending_.empty()) return;
    if (!sink_(pending_)) throw SinkRefused{};
    pending_.clear();
  }

  ExportFormat format_;
  const ExportSink& sink_;
  std::string pending_;
  bool header_written_ = false;
};

// Writes the export of `dataset`'s logs matching `where` to `sink`; returns how many logs.
// Throws SinkRefused if the sink refuses a piece.
int64_t WriteExport(SQLite::Database& db, int64_t org_id, const std::string& org_uuid,
                    const Dataset& dataset, const SqlWhere& where, const std::string& order_by,
                    ExportFormat format, const ExportSink& sink) {
  ExportWriter writer(format, sink);
  int64_t exported = 0;
  std::vector<DatasetLog> batch;
  auto flush = [&] {
    std::vector<int64_t> rowids;
    for (const DatasetLog& log : batch) rowids.push_back(log.rowid);
    auto scores = LoadScores(db, org_id, LogTable::kDatasetLogs, rowids);
    static const std::vector<ScoreObject> kNone;
    for (const DatasetLog& log : batch) {
      const auto it = scores.find(log.rowid);
      writer.Write(DatasetLogJson(log, dataset.uuid, org_uuid,
                                  it == scores.end() ? kNone : it->second, ScoresShape::kDict));
    }
    exported += static_cast<int64_t>(batch.size());
    batch.clear();
  };
  ForEachDatasetLog(db, dataset.rowid, where, order_by, /*limit=*/-1, /*offset=*/0,
                    [&](DatasetLog&& log) {
                      batch.push_back(std::move(log));
                      if (batch.size() == kBatchSize) flush();
                    });
  flush();
  writer.Finish(DatasetLogJson(DatasetLog{}, dataset.uuid, org_uuid, {}, ScoresShape::kDict));
  return exported;
}

}  // namespace

std::string ExportFileStem(const std::optional<std::string>& name,
                           const std::string& dataset_uuid) {
  if (!name || name->empty()) return "dataset-" + dataset_uuid;
  std::string stem;
  size_t chars = 0;
  for (size_t i = 0; i < name->size() && chars < kMaxStemChars; ++chars) {
    const auto c = static_cast<unsigned char>((*name)[i]);
    // A multi-byte UTF-8 character is one character and becomes one '_'.
    size_t len = 1;
    if (c >= 0xF0) {
      len = 4;
    } else if (c >= 0xE0) {
      len = 3;
    } else if (c >= 0xC0) {
      len = 2;
    }
    stem += IsSafe(c) ? static_cast<char>(c) : '_';
    i += len;
  }
  return stem;
}

const char* ExportExtension(ExportFormat format) {
  return format == ExportFormat::kCsv ? ".csv" : ".jsonl";
}

ExportResult ExportDatasetLogs(Store& store, int64_t org_id, const std::string& org_uuid,
                               const std::string& dataset_uuid, const BodyFilter& filters,
                               const std::string& order_by, ExportFormat format,
                               const std::optional<std::string>& name) {
  auto session = StoreAccess::Read(store);
  SQLite::Database& db = session.db();
  const Dataset dataset = RequireDataset(db, org_id, dataset_uuid);
  const SqlWhere where = CompileBodyFilter(db, filters);

  const fs::path dir = fs::absolute(store.options().exports_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    throw StorageError("export.mkdir",
                       "cannot create exports folder '" + dir.string() + "': " + ec.message());
  }
  auto [file, path] =
      CreateExclusive(dir, ExportFileStem(name, dataset_uuid), ExportExtension(format));
  ExportResult result{path.string(), 0};
  try {
    std::FILE* out = file.get();
    const ExportSink to_file = [out](std::string_view piece) {
      if (std::fwrite(piece.data(), 1, piece.size(), out) != piece.size()) {
        throw StorageError("export.write",
                           std::string("cannot write export file: ") + std::strerror(errno));
      }
      return true;
    };
    result.exported_count =
        WriteExport(db, org_id, org_uuid, dataset, where, order_by, format, to_file);
    if (std::fflush(out) != 0) {
      throw StorageError("export.write",
                         std::string("cannot write export file: ") + std::strerror(errno));
    }
  } catch (...) {
    file.reset();
    fs::remove(path, ec);
    throw;
  }
  return result;
}

int64_t CountExportedLogs(Store& store, int64_t org_id, const std::string& dataset_uuid,
                          const BodyFilter& filters) {
  auto session = StoreAccess::Read(store);
  const Dataset dataset = RequireDataset(session.db(), org_id, dataset_uuid);
  const SqlWhere where = CompileBodyFilter(session.db(), filters);
  return CountMatching(session, "dataset_logs", "dataset_id", dataset.rowid, where);
}

std::optional<int64_t> StreamDatasetLogs(Store& store, int64_t org_id, const std::string& org_uuid,
                                         const std::string& dataset_uuid, const BodyFilter& filters,
                                         const std::string& order_by, ExportFormat format,
                                         const ExportSink& sink) {
  auto session = StoreAccess::Read(store);
  SQLite::Database& db = session.db();
  const Dataset dataset = RequireDataset(db, org_id, dataset_uuid);
  const SqlWhere where = CompileBodyFilter(db, filters);
  try {
    return WriteExport(db, org_id, org_uuid, dataset, where, order_by, format, sink);
  } catch (const SinkRefused&) {
    return std::nullopt;
  }
}

}  // namespace logset::internal
