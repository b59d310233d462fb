// SPDX-License-Identifier: MIT
// WorkerPool: the server's worker threads, telling connections when clients wait for a worker.
#include "http/worker_pool.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace logset::internal {

WorkerPool::WorkerPool(size_t threads) {
  load_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (load_fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

WorkerPool::~WorkerPool() {
  shutdown();
  ::close(load_fd_);
}

void WorkerPool::enqueue(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
    UpdateLoad();
  }
  wake_.notify_one();
}

void WorkerPool::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (joined_) return;
    joined_ = true;
    stopping_ = true;
    UpdateLoad();
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void WorkerPool::Work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ++waiting_workers_;
      UpdateLoad();
      wake_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
      --waiting_workers_;
      if (jobs_.empty()) return;  // stopping, and every queued job has been taken
      job = std::move(jobs_.front());
      jobs_.pop_front();
      UpdateLoad();
    }
    job();
  }
}

// A notified worker still counts as waiting until it takes its job, so a job handed to an idle
// worker never shows as load, not even for the instant before the worker wakes. The flag is set
// before the eventfd becomes readable and cleared after it is drained, so a connection woken by the
// eventfd always sees loaded() true.
void WorkerPool::UpdateLoad() {
  const bool loaded = stopping_ || jobs_.size() > waiting_workers_;
  if (loaded == loaded_.load()) return;
  if (loaded) {
    loaded_.store(true);
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(load_fd_, &one, sizeof(one));
  } else {
    uint64_t count = 0;
    [[maybe_unused]] const ssize_t n = ::read(load_fd_, &count, sizeof(count));
    loaded_.store(false);
  }
}

}  // namespace logset::internal
