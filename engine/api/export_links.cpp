// SPDX-License-Identifier: MIT
// One-time download links for dataset-log exports: the per-thread switch and the waiting links.
#include "api/export_links.h"

#include <deque>
#include <mutex>
#include <utility>

#include "util/ids.h"
#include "util/json_writer.h"

namespace logset::internal {
namespace {

using Clock = std::chrono::steady_clock;

thread_local bool exports_as_links = false;

struct Waiting {
  std::string token;
  Clock::time_point made;
  size_t filter_bytes = 0;
  PendingExport pending;
};

// Links in the order they were made, so expired and surplus ones are always at the front.
class WaitingLinks {
 public:
  std::string Add(PendingExport pending) {
    Waiting entry{RandomHex(16), Clock::now(), DumpJson(pending.filters).size(),
                  std::move(pending)};
    std::string token = entry.token;
    const std::lock_guard<std::mutex> lock(mutex_);
    filter_bytes_ += entry.filter_bytes;
    links_.push_back(std::move(entry));
    DropStale();
    return token;
  }

  std::optional<PendingExport> Take(const Store& store, int64_t org_id, const std::string& token) {
    const std::lock_guard<std::mutex> lock(mutex_);
    DropStale();
    for (auto it = links_.begin(); it != links_.end(); ++it) {
      if (it->token != token) continue;
      if (it->pending.store != &store || it->pending.org_id != org_id) return std::nullopt;
      PendingExport pending = std::move(it->pending);
      filter_bytes_ -= it->filter_bytes;
      links_.erase(it);
      return pending;
    }
    return std::nullopt;
  }

 private:
  void DropStale() {
    const Clock::time_point expired_before = Clock::now() - kExportLinkLifetime;
    while (!links_.empty() &&
           (links_.front().made < expired_before || links_.size() > kMaxPendingExports ||
            filter_bytes_ > kMaxPendingFilterBytes)) {
      filter_bytes_ -= links_.front().filter_bytes;
      links_.pop_front();
    }
  }

  std::mutex mutex_;
  std::deque<Waiting> links_;
  size_t filter_bytes_ = 0;
};

WaitingLinks& Links() {
  static WaitingLinks links;
  return links;
}

}  // namespace

ExportLinkScope::ExportLinkScope() : outer_(exports_as_links) { exports_as_links = true; }

ExportLinkScope::~ExportLinkScope() { exports_as_links = outer_; }

bool ExportsAsLinks() { return exports_as_links; }

std::string AddPendingExport(PendingExport pending) { return Links().Add(std::move(pending)); }

std::optional<PendingExport> TakePendingExport(const Store& store, int64_t org_id,
                                               const std::string& token) {
  return Links().Take(store, org_id, token);
}

}  // namespace logset::internal
