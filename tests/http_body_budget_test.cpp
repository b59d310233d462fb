// SPDX-License-Identifier: MIT
// Tests of BodyBudget, the cap on request-body bytes held in memory at once.
#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <thread>

#include "http/body_budget.h"

namespace logset::internal {
namespace {

using namespace std::chrono_literals;

}  // namespace

TEST_SUITE_BEGIN("http_body_budget");

TEST_CASE("reservations that fit are granted at once and released on destruction") {
  BodyBudget budget(100);
  {
    auto first = budget.Reserve(60, 0ms);
    auto second = budget.Reserve(40, 0ms);
    REQUIRE(first);
    REQUIRE(second);
    CHECK(budget.reserved() == 100);
    CHECK_FALSE(budget.Reserve(1, 0ms));
  }
  CHECK(budget.reserved() == 0);
}

TEST_CASE("one body larger than the capacity is admitted when nothing else is reserved") {
  BodyBudget budget(10);
  auto big = budget.Reserve(1000, 0ms);
  REQUIRE(big);
  CHECK_FALSE(budget.Reserve(1, 0ms));
  CHECK_FALSE(budget.Reserve(0, 0ms));  // not even an empty body: the budget is over
}

TEST_CASE("a reservation that does not fit waits for a release, or times out") {
  BodyBudget budget(10);
  std::optional<BodyBudget::Reservation> holder = budget.Reserve(10, 0ms);
  REQUIRE(holder);
  SUBCASE("times out while the holder keeps its bytes") { CHECK_FALSE(budget.Reserve(5, 20ms)); }
  SUBCASE("granted once the holder releases") {
    bool granted = false;
    size_t reserved_while_granted = 0;
    std::thread waiting([&] {
      const auto waiter = budget.Reserve(5, 60s);
      granted = waiter.has_value();
      reserved_while_granted = budget.reserved();
    });
    holder.reset();
    waiting.join();
    CHECK(granted);
    CHECK(reserved_while_granted == 5);
    CHECK(budget.reserved() == 0);
  }
}

TEST_SUITE_END();

}  // namespace logset::internal
