// SPDX-License-Identifier: MIT
// Timestamp parsing and formatting (API.md 1.7): every accepted form, rejections, round trips.
#include "util/time.h"

#include <date/date.h>
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace logset::internal {
namespace {

// 2025-07-26T08:10:05Z, the reference instant most rows are written against.
constexpr Micros kRef = 1753517405000000;
constexpr Micros kSecond = 1000000;

struct AcceptRow {
  const char* text;
  Micros expected;
};

struct RejectRow {
  const char* text;
  const char* why;
};

}  // namespace

TEST_SUITE_BEGIN("time");

TEST_CASE("every accepted timestamp form parses to the exact microsecond") {
  const AcceptRow rows[] = {
      // Separators.
      {"2025-07-26T08:10:05Z", kRef},
      {"2025-07-26t08:10:05Z", kRef},
      {"2025-07-26 08:10:05Z", kRef},
      // Zones: none means UTC, Z and z, positive and negative offsets with a colon.
      {"2025-07-26T08:10:05", kRef},
      {"2025-07-26T08:10:05z", kRef},
      {"2025-07-26T08:10:05+00:00", kRef},
      {"2025-07-26T08:10:05-00:00", kRef},
      {"2025-07-26T08:10:05+05:00", kRef - 5 * 3600 * kSecond},
      {"2025-07-26T08:10:05-03:30", kRef + (3 * 3600 + 30 * 60) * kSecond},
      {"2025-07-26T08:10:05+23:59", kRef - (23 * 3600 + 59 * 60) * kSecond},
      // Fraction digits 1..9, padded to microseconds, truncated (never rounded) beyond six.
      {"2025-07-26T08:10:05.1Z", kRef + 100000},
      {"2025-07-26T08:10:05.12Z", kRef + 120000},
      {"2025-07-26T08:10:05.123Z", kRef + 123000},
      {"2025-07-26T08:10:05.1234Z", kRef + 123400},
      {"2025-07-26T08:10:05.12345Z", kRef + 123450},
      {"2025-07-26T08:10:05.123456Z", kRef + 123456},
      {"2025-07-26T08:10:05.1234567Z", kRef + 123456},
      {"2025-07-26T08:10:05.12345678Z", kRef + 123456},
      {"2025-07-26T08:10:05.123456789Z", kRef + 123456},
      {"2025-07-26T08:10:05.999999999Z", kRef + 999999},
      {"2025-07-26T08:10:05.000001Z", kRef + 1},
      {"2025-07-26T08:10:05.0", kRef},
      {"2025-07-26T08:10:05.5+01:00", kRef - 3600 * kSecond + 500000},
      {"2025-07-26 08:10:05.123456-00:00", kRef + 123456},
      // Calendar edges.
      {"1970-01-01T00:00:00Z", 0},
      {"1969-12-31T23:59:59.999999Z", -1},
      {"1969-12-31T23:59:59.5Z", -500000},
      {"1970-01-01T00:00:00+01:00", -3600 * kSecond},
      {"1900-01-01T00:00:00Z", -2208988800 * kSecond},
      {"0001-01-01T00:00:00Z", -62135596800 * kSecond},
      {"2000-02-29T23:59:59Z", 951868799 * kSecond},
      {"2024-02-29T12:00:00Z", 1709208000 * kSecond},
      {"9999-12-31T23:59:59.999999Z", 253402300799999999},
      {"9999-12-31T23:59:59.999999+00:00", 253402300799999999},
      {"9999-12-31T23:59:59+23:59", 253402300799 * kSecond - (23 * 3600 + 59 * 60) * kSecond},
      {"0000-01-01T00:00:00Z", -62167219200 * kSecond},
      {"0000-01-01T00:00:00-23:59", (-62167219200 + 23 * 3600 + 59 * 60) * kSecond},
  };
  for (const AcceptRow& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    const auto parsed = ParseTimestamp(row.text);
    REQUIRE(parsed.has_value());
    CHECK(*parsed == row.expected);
    // The query form accepts everything the body form does.
    CHECK(ParseTimestamp(row.text, /*from_query=*/true) == parsed);
  }
}

TEST_CASE("in a query string a space before a trailing hh:mm is read as a plus") {
  const AcceptRow rows[] = {
      {"2025-07-26T08:10:05 00:00", kRef},
      {"2025-07-26T08:10:05 05:00", kRef - 5 * 3600 * kSecond},
      {"2025-07-26 08:10:05 05:00", kRef - 5 * 3600 * kSecond},
      {"2025-07-26T08:10:05.123456 01:30", kRef + 123456 - 90 * 60 * kSecond},
  };
  for (const AcceptRow& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    const auto parsed = ParseTimestamp(row.text, /*from_query=*/true);
    REQUIRE(parsed.has_value());
    CHECK(*parsed == row.expected);
    // Outside a query string the space form is not a zone.
    CHECK_FALSE(ParseTimestamp(row.text).has_value());
  }
  // The query form still needs the full hh:mm after the space.
  CHECK_FALSE(ParseTimestamp("2025-07-26T08:10:05 0500", true).has_value());
  CHECK_FALSE(ParseTimestamp("2025-07-26T08:10:05 ", true).has_value());
  CHECK_FALSE(ParseTimestamp("2025-07-26T08:10:05  05:00", true).has_value());
}

TEST_CASE("impossible or malformed timestamps are rejected") {
  const RejectRow rows[] = {
      {"", "empty"},
      {"2025-07-26", "date only"},
      {"2025-07-26T", "separator without time"},
      {"2025-07-26T08:10", "missing seconds"},
      {"2025-07-26T08:10Z", "missing seconds with zone"},
      {"2025-02-30T00:00:00Z", "February 30"},
      {"2023-02-29T00:00:00Z", "February 29 in a common year"},
      {"1900-02-29T00:00:00Z", "February 29 in a century common year"},
      {"2025-04-31T00:00:00Z", "April 31"},
      {"2025-13-01T00:00:00Z", "month 13"},
      {"2025-00-10T00:00:00Z", "month 0"},
      {"2025-07-00T00:00:00Z", "day 0"},
      {"2025-07-32T00:00:00Z", "day 32"},
      {"2025-07-26T24:00:00Z", "hour 24"},
      {"2025-07-26T08:60:00Z", "minute 60"},
      {"2025-07-26T08:10:60Z", "second 60 (no leap seconds)"},
      {"2025-07-26T08:10:05.1234567890Z", "10 fraction digits"},
      {"2025-07-26T08:10:05.Z", "dot without digits"},
      {"2025-07-26T08:10:05.", "trailing dot"},
      {"2025-07-26T08:10:05,123Z", "comma as decimal separator"},
      {"2025-07-26T08:10:05Zjunk", "trailing garbage after Z"},
      {"2025-07-26T08:10:05+05:00junk", "trailing garbage after offset"},
      {"2025-07-26T08:10:05x", "trailing garbage instead of a zone"},
      {"2025-07-26T08:10:05+05:00Z", "offset followed by Z"},
      {"2025-07-26T08:10:05+0500", "offset without colon"},
      {"2025-07-26T08:10:05+05", "offset without minutes"},
      {"2025-07-26T08:10:05+5:00", "one-digit offset hour"},
      {"2025-07-26T08:10:05+", "bare plus"},
      {"2025-07-26T08:10:05-", "bare minus"},
      {"2025-07-26T08:10:05+24:00", "offset hour 24"},
      {"2025-07-26T08:10:05+05:60", "offset minute 60"},
      {"2025-07-26x08:10:05Z", "lowercase separator other than t"},
      {"2025-07-26_08:10:05Z", "underscore separator"},
      {"2025-07-26TT08:10:05Z", "doubled separator"},
      {"2025-07-26  08:10:05Z", "two spaces as separator"},
      {" 2025-07-26T08:10:05Z", "leading space"},
      {"2025-07-26T08:10:05Z ", "trailing space"},
      {"2025-07-26T08:10:05\n", "trailing newline"},
      {"2025-7-26T08:10:05Z", "one-digit month"},
      {"2025-07-6T08:10:05Z", "one-digit day"},
      {"2025-07-26T8:10:05Z", "one-digit hour"},
      {"25-07-26T08:10:05Z", "two-digit year"},
      {"+2025-07-26T08:10:05Z", "signed year"},
      {"20250726T081005Z", "basic (compact) format"},
      {"2025/07/26T08:10:05Z", "slashes in the date"},
      {"2025-07-26T08.10.05Z", "dots in the time"},
      {"1753517405", "epoch seconds"},
      {"２025-07-26T08:10:05Z", "non-ASCII digit"},
      {"9999-12-31T23:59:59-00:01", "after year 9999 in UTC"},
      {"0000-01-01T00:00:00+00:01", "before year 0000 in UTC"},
  };
  for (const RejectRow& row : rows) {
    const std::string text = row.text;
    const std::string why = row.why;
    CAPTURE(text);
    CAPTURE(why);
    CHECK_FALSE(ParseTimestamp(row.text).has_value());
    CHECK_FALSE(ParseTimestamp(row.text, /*from_query=*/true).has_value());
  }
}

TEST_CASE("formatting is UTC with exactly six fraction digits") {
  const AcceptRow rows[] = {
      {"1970-01-01T00:00:00.000000Z", 0},
      {"2025-07-26T08:10:05.000000Z", kRef},
      {"2025-07-26T08:10:05.123456Z", kRef + 123456},
      {"2025-07-26T08:10:05.100000Z", kRef + 100000},
      {"2025-07-26T08:10:05.000001Z", kRef + 1},
      {"1969-12-31T23:59:59.999999Z", -1},
      {"1969-12-31T23:59:59.500000Z", -500000},
      {"1900-01-01T00:00:00.000000Z", -2208988800 * kSecond},
      {"0001-01-01T00:00:00.000000Z", -62135596800 * kSecond},
      {"9999-12-31T23:59:59.999999Z", 253402300799999999},
      {"0000-01-01T00:00:00.000000Z", -62167219200 * kSecond},
  };
  for (const AcceptRow& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    CHECK(FormatTimestamp(row.expected) == row.text);
  }
}

TEST_CASE("formatting then parsing gives back the same instant") {
  const Micros values[] = {0,
                           1,
                           -1,
                           kRef,
                           kRef + 123456,
                           -500000,
                           951868799 * kSecond + 7,
                           -2208988800 * kSecond + 999999,
                           253402300799999999};
  for (const Micros t : values) {
    CAPTURE(t);
    const std::string text = FormatTimestamp(t);
    CHECK(text.size() == 27);
    CHECK(ParseTimestamp(text) == t);
  }
}

TEST_CASE("formatting writes the same text as date::format across the whole calendar") {
  // FormatTimestamp writes the digits itself; date::format is the slow, obviously right oracle.
  const auto oracle = [](Micros t) {
    return date::format("%FT%TZ",
                        date::sys_time<std::chrono::microseconds>{std::chrono::microseconds{t}});
  };
  constexpr Micros kFirst = -62167219200 * kSecond;          // 0000-01-01T00:00:00Z
  constexpr Micros kLast = 253402300799 * kSecond + 999999;  // 9999-12-31T23:59:59.999999Z
  std::mt19937_64 random(20261128);
  std::uniform_int_distribution<Micros> anywhere(kFirst, kLast);
  std::uniform_int_distribution<Micros> near_epoch(-3 * 86400 * kSecond, 3 * 86400 * kSecond);
  std::vector<Micros> values = {kFirst,
                                kLast,
                                0,
                                -1,
                                1,
                                kRef,
                                86400 * kSecond - 1,
                                -86400 * kSecond,
                                951782400 * kSecond /* 2000-02-29 */};
  for (int i = 0; i < 20000; ++i) values.push_back(anywhere(random));
  for (int i = 0; i < 2000; ++i) values.push_back(near_epoch(random));
  for (const Micros t : values) {
    CAPTURE(t);
    REQUIRE(FormatTimestamp(t) == oracle(t));
  }
  // Outside years 0000-9999 there is no fixed width to keep; date's text is passed through.
  CHECK(FormatTimestamp(kFirst - 1) == oracle(kFirst - 1));
  CHECK(FormatTimestamp(kLast + 1) == oracle(kLast + 1));
}

TEST_CASE("parsing any accepted form then formatting gives the canonical UTC text") {
  CHECK(FormatTimestamp(*ParseTimestamp("2025-07-26 13:10:05.123456789+05:00")) ==
        "2025-07-26T08:10:05.123456Z");
  CHECK(FormatTimestamp(*ParseTimestamp("2025-07-26t04:40:05-03:30")) ==
        "2025-07-26T08:10:05.000000Z");
  CHECK(FormatTimestamp(*ParseTimestamp("2025-07-26T08:10:05.5 01:00", true)) ==
        "2025-07-26T07:10:05.500000Z");
  // An offset can move the instant across a date boundary.
  CHECK(FormatTimestamp(*ParseTimestamp("2025-01-01T00:30:00+01:00")) ==
        "2024-12-31T23:30:00.000000Z");
}

TEST_CASE("the current time is a plausible microsecond count") {
  const Micros now = NowMicros();
  CHECK(now > *ParseTimestamp("2024-01-01T00:00:00Z"));
  CHECK(now < *ParseTimestamp("2200-01-01T00:00:00Z"));
}

TEST_SUITE_END();

}  // namespace logset::internal
