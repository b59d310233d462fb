// SPDX-License-Identifier: MIT
// Identifier generation and shape checks (API.md 1.8).
#include "util/ids.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>

namespace logset::internal {
namespace {

bool AllLowerHex(const std::string& s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

TEST_SUITE_BEGIN("ids");

TEST_CASE("a new UUID is a lowercase hyphenated version 4 RFC 4122 UUID") {
  for (int i = 0; i < 200; ++i) {
    const std::string id = NewUuid();
    CAPTURE(id);
    REQUIRE(id.size() == 36);
    CHECK(id[8] == '-');
    CHECK(id[13] == '-');
    CHECK(id[18] == '-');
    CHECK(id[23] == '-');
    CHECK(id[14] == '4');  // version nibble
    const char variant = id[19];
    CHECK((variant == '8' || variant == '9' || variant == 'a' || variant == 'b'));
    std::string hex = id;
    hex.erase(23, 1);
    hex.erase(18, 1);
    hex.erase(13, 1);
    hex.erase(8, 1);
    CHECK(AllLowerHex(hex));
    CHECK(IsUuid(id));
    CHECK_FALSE(IsLogId(id));
  }
}

TEST_CASE("a new log id is a version 4 UUID's 32 lowercase hex digits") {
  for (int i = 0; i < 200; ++i) {
    const std::string id = NewLogId();
    CAPTURE(id);
    REQUIRE(id.size() == 32);
    CHECK(AllLowerHex(id));
    CHECK(id[12] == '4');
    const char variant = id[16];
    CHECK((variant == '8' || variant == '9' || variant == 'a' || variant == 'b'));
    CHECK(IsLogId(id));
    CHECK_FALSE(IsUuid(id));
  }
}

TEST_CASE("random hex has two digits per byte") {
  CHECK(RandomHex(0).empty());
  CHECK(RandomHex(1).size() == 2);
  const std::string h = RandomHex(24);
  CHECK(h.size() == 48);
  CHECK(AllLowerHex(h));
  CHECK(RandomHex(16) != RandomHex(16));
}

TEST_CASE("generated ids do not repeat over many draws") {
  constexpr int kDraws = 20000;
  std::set<std::string> uuids;
  std::set<std::string> log_ids;
  for (int i = 0; i < kDraws; ++i) {
    uuids.insert(NewUuid());
    log_ids.insert(NewLogId());
  }
  CHECK(uuids.size() == kDraws);
  CHECK(log_ids.size() == kDraws);
}

TEST_CASE("IsUuid accepts exactly the lowercase hyphenated 8-4-4-4-12 shape") {
  const char* accepted[] = {
      "6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a", "00000000-0000-0000-0000-000000000000",
      "ffffffff-ffff-1fff-0fff-ffffffffffff",  // any version or variant nibble
  };
  for (const std::string s : accepted) {
    CAPTURE(s);
    CHECK(IsUuid(s));
  }
  const char* rejected[] = {
      "",
      "6D0B2C7E-3A6A-4C09-9C7E-1F2D9E2D3F0A",    // uppercase
      "6d0b2c7e3a6a4c099c7e1f2d9e2d3f0a",        // no hyphens
      "6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0",     // one digit short
      "6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0ab",   // one digit long
      "6d0b2c7e-3a6a4-c09-9c7e-1f2d9e2d3f0a",    // hyphen misplaced
      "6d0b2c7e_3a6a_4c09_9c7e_1f2d9e2d3f0a",    // wrong separator
      "6d0b2c7g-3a6a-4c09-9c7e-1f2d9e2d3f0a",    // non-hex digit
      "{6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a}",  // braces
      " 6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0a",   // leading space
      "6d0b2c7e-3a6a-4c09-9c7e-1f2d9e2d3f0 ",    // trailing space
      "------------------------------------",
      "_saved_logs",
  };
  for (const std::string s : rejected) {
    CAPTURE(s);
    CHECK_FALSE(IsUuid(s));
  }
}

TEST_CASE("IsLogId accepts exactly 32 lowercase hex digits") {
  const char* accepted[] = {
      "2844b4f401854250aec6ee1ffd8f38be",
      "00000000000000000000000000000000",
      "ffffffffffffffffffffffffffffffff",
  };
  for (const std::string s : accepted) {
    CAPTURE(s);
    CHECK(IsLogId(s));
  }
  const char* rejected[] = {
      "",
      "2844B4F401854250AEC6EE1FFD8F38BE",      // uppercase
      "2844b4f401854250aec6ee1ffd8f38b",       // 31 digits
      "2844b4f401854250aec6ee1ffd8f38be0",     // 33 digits
      "2844b4f4-0185-4250-aec6-ee1ffd8f38be",  // hyphenated UUID
      "2844b4f401854250aec6ee1ffd8f38bg",      // non-hex digit
      "2844b4f401854250aec6ee1ffd8f38b ",      // trailing space
      "2844b4f401854250aec6ee1ffd8f38b\n",     // trailing newline
  };
  for (const std::string s : rejected) {
    CAPTURE(s);
    CHECK_FALSE(IsLogId(s));
  }
  // A string_view is checked by its length, not up to a NUL.
  CHECK_FALSE(IsLogId(std::string_view("2844b4f401854250aec6ee1ffd8f38be\0", 33)));
}

TEST_SUITE_END();

}  // namespace logset::internal
