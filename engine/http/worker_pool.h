// SPDX-License-Identifier: MIT
// WorkerPool: the server's worker threads, telling connections when clients wait for a worker.
#ifndef LOGSET_ENGINE_HTTP_WORKER_POOL_H_
#define LOGSET_ENGINE_HTTP_WORKER_POOL_H_

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace logset::internal {

/// A fixed set of threads running httplib's jobs (one job per accepted connection) in arrival
/// order, like httplib::ThreadPool, plus a load signal: the pool is "loaded" while an accepted
/// connection waits because every worker is busy, and from shutdown on. A worker holding an idle
/// or slow connection watches the signal and gives its worker up (connection_stream.h).
///
/// Thread safety: all methods may be called from any thread. RAII: the destructor shuts down
/// (runs the queued jobs, joins the threads) if shutdown was not called.
class WorkerPool final : public httplib::TaskQueue {
 public:
  /// Starts `threads` workers. Throws std::system_error if no eventfd can be made.
  explicit WorkerPool(size_t threads);
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void enqueue(std::function<void()> job) override;
  /// Marks the pool loaded for good, runs the jobs already queued and joins the workers.
  void shutdown() override;

  /// True while a job waits for a worker, or after shutdown began.
  bool loaded() const { return loaded_.load(); }
  /// An eventfd that polls readable exactly while loaded(): wait on it beside a socket to learn
  /// of load without polling in slices.
  int load_fd() const { return load_fd_; }

 private:
  void Work();
  void UpdateLoad();  // REQUIRES: mutex_ held.

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  size_t waiting_workers_ = 0;  // blocked in wake_, each about to take a job
  bool stopping_ = false;
  bool joined_ = false;
  std::atomic<bool> loaded_{false};
  int load_fd_ = -1;
  std::vector<std::thread> threads_;
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_HTTP_WORKER_POOL_H_
