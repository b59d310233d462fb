// SPDX-License-Identifier: MIT
// BodyBudget: a cap on the request-body bytes the server holds in memory at once.
#include "http/body_budget.h"

namespace logset::internal {

BodyBudget::Reservation::Reservation(Reservation&& other) noexcept
    : budget_(other.budget_), bytes_(other.bytes_) {
  other.budget_ = nullptr;
}

BodyBudget::Reservation::~Reservation() {
  if (budget_ != nullptr) budget_->Release(bytes_);
}

std::optional<BodyBudget::Reservation> BodyBudget::Reserve(size_t bytes,
                                                           std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  // The holder count, not reserved_ == 0, decides "nothing else": zero-byte bodies hold nothing.
  const bool admitted = released_.wait_for(lock, timeout, [&] {
    return holders_ == 0 || (reserved_ <= capacity_ && bytes <= capacity_ - reserved_);
  });
  if (!admitted) return std::nullopt;
  reserved_ += bytes;
  ++holders_;
  return Reservation(this, bytes);
}

size_t BodyBudget::reserved() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return reserved_;
}

void BodyBudget::Release(size_t bytes) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    reserved_ -= bytes;
    --holders_;
  }
  released_.notify_all();
}

}  // namespace logset::internal
