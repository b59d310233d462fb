// SPDX-License-Identifier: MIT
// Timestamps: strict ISO 8601 parsing and fixed-width UTC formatting, on Howard Hinnant's date.
#include "util/time.h"

#include <date/date.h>

#include <chrono>

namespace logset::internal {
namespace {

// Reads exactly `n` ASCII digits at `pos`, advancing it.
std::optional<int> Digits(std::string_view s, size_t& pos, size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<Micros> ParseTimestamp(std::string_view s, bool from_query) {
  // A hand-written scanner rather than date::parse: the accepted grammar is narrow (API.md 1.7),
  // and date::parse accepts trailing garbage and rejects 'Z' with %z, which would need the same
  // branching anyway. date does the calendar: validity and days since the epoch.
  size_t pos = 0;
  const auto y = Digits(s, pos, 4);
  if (!y || !Expect(s, pos, '-')) return std::nullopt;
  const auto mo = Digits(s, pos, 2);
  if (!mo || !Expect(s, pos, '-')) return std::nullopt;
  const auto d = Digits(s, pos, 2);
  if (!d || pos >= s.size()) return std::nullopt;
  if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
  ++pos;
  const auto h = Digits(s, pos, 2);
  if (!h || !Expect(s, pos, ':')) return std::nullopt;
  const auto mi = Digits(s, pos, 2);
  if (!mi || !Expect(s, pos, ':')) return std::nullopt;
  const auto sec = Digits(s, pos, 2);
  if (!sec) return std::nullopt;

  int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return std::nullopt;
    for (size_t i = digits; i < 6; ++i) micros *= 10;
  }

  int offset_minutes = 0;
  if (pos < s.size()) {
    const char z = s[pos];
    if (z == 'Z' || z == 'z') {
      ++pos;
    } else if (z == '+' || z == '-' || (from_query && z == ' ')) {
      ++pos;
      const auto oh = Digits(s, pos, 2);
      if (!oh || !Expect(s, pos, ':')) return std::nullopt;
      const auto om = Digits(s, pos, 2);
      if (!om || *oh > 23 || *om > 59) return std::nullopt;
      offset_minutes = (*oh * 60 + *om) * (z == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;

  const date::year_month_day ymd{date::year{*y}, date::month{static_cast<unsigned>(*mo)},
                                 date::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok() || *h > 23 || *mi > 59 || *sec > 59) return std::nullopt;
  const auto days = date::sys_days{ymd}.time_since_epoch().count();
  const int64_t seconds =
      static_cast<int64_t>(days) * 86400 + *h * 3600 + *mi * 60 + *sec - offset_minutes * 60;
  // An offset can push an instant at either end of the calendar outside years 0000-9999 in UTC,
  // where FormatTimestamp would no longer give fixed-width text this function reads back.
  constexpr int64_t kFirstSecond = -62167219200;  // 0000-01-01T00:00:00Z
  constexpr int64_t kLastSecond = 253402300799;   // 9999-12-31T23:59:59Z
  if (seconds < kFirstSecond || seconds > kLastSecond) return std::nullopt;
  return seconds * 1000000 + micros;
}

std::string FormatTimestamp(Micros t) {
  // date::format builds an ostringstream and imbues a locale per call, which was 12% of rendering
  // a list page; date still does the calendar, the digits are written here.
  constexpr Micros kMicrosPerDay = 86400LL * 1000000;
  Micros days = t / kMicrosPerDay;
  Micros in_day = t % kMicrosPerDay;
  if (in_day < 0) {
    in_day += kMicrosPerDay;
    --days;
  }
  const date::year_month_day ymd{date::sys_days{date::days{days}}};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    // Outside the fixed-width range ParseTimestamp accepts; date's own text for those.
    return date::format("%FT%TZ",
                        date::sys_time<std::chrono::microseconds>{std::chrono::microseconds{t}});
  }
  char text[27];
  const auto put = [&text](size_t at, size_t width, int64_t value) {
    for (size_t i = width; i-- > 0; value /= 10) text[at + i] = static_cast<char>('0' + value % 10);
  };
  const int64_t seconds = in_day / 1000000;
  put(0, 4, year);
  text[4] = '-';
  put(5, 2, static_cast<unsigned>(ymd.month()));
  text[7] = '-';
  put(8, 2, static_cast<unsigned>(ymd.day()));
  text[10] = 'T';
  put(11, 2, seconds / 3600);
  text[13] = ':';
  put(14, 2, seconds / 60 % 60);
  text[16] = ':';
  put(17, 2, seconds % 60);
  text[19] = '.';
  put(20, 6, in_day % 1000000);
  text[26] = 'Z';
  return std::string(text, sizeof text);
}

Micros NowMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace logset::internal
