// SPDX-License-Identifier: MIT
// BodyBudget: a cap on the request-body bytes the server holds in memory at once.
#ifndef LOGSET_ENGINE_HTTP_BODY_BUDGET_H_
#define LOGSET_ENGINE_HTTP_BODY_BUDGET_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>

namespace logset::internal {

/// Counts the bytes reserved by request bodies being received or handled, against a capacity. A
/// body reserves its size before it is read and releases it once its answer is built, so the
/// bodies in memory (and the parsed documents, which grow with them) stay within the capacity,
/// except that one body of any size is admitted when nothing else is reserved.
///
/// Thread safety: all methods may be called from any thread.
class BodyBudget {
 public:
  /// RAII: releases its bytes (and wakes waiting reservers) when destroyed. Movable.
  class Reservation {
   public:
    Reservation(Reservation&& other) noexcept;
    Reservation& operator=(Reservation&&) = delete;
    Reservation(const Reservation&) = delete;
    Reservation& operator=(const Reservation&) = delete;
    ~Reservation();

   private:
    friend class BodyBudget;
    Reservation(BodyBudget* budget, size_t bytes) : budget_(budget), bytes_(bytes) {}
    BodyBudget* budget_;
    size_t bytes_;
  };

  explicit BodyBudget(size_t capacity) : capacity_(capacity) {}

  /// Reserves `bytes` as soon as they fit in the capacity or nothing else is reserved. Returns
  /// nullopt if that does not happen within `timeout`.
  std::optional<Reservation> Reserve(size_t bytes, std::chrono::milliseconds timeout);

  /// The bytes reserved now.
  size_t reserved() const;

 private:
  void Release(size_t bytes);

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  size_t reserved_ = 0;
  size_t holders_ = 0;
};

}  // namespace logset::internal

#endif  // LOGSET_ENGINE_HTTP_BODY_BUDGET_H_
