// SPDX-License-Identifier: MIT
// Query strings (API.md 1.1): decoding, last value wins, booleans, and re-encoding page links.
#include "api/query_params.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "logset/error.h"

namespace logset::internal {

TEST_SUITE_BEGIN("query_params");

TEST_CASE("query names and values are percent-decoded with plus as a space") {
  const QueryParams q(
      "sort_by=-name&q=a+b%20c&euro=%E2%82%AC&plus=%2B&f%5Bvalue%5D=x&up=%4a%4B&slash=a%2Fb");
  CHECK(q.Get("sort_by") == "-name");
  CHECK(q.Get("q") == "a b c");
  CHECK(q.Get("euro") == "\xE2\x82\xAC");
  CHECK(q.Get("plus") == "+");
  CHECK(q.Get("f[value]") == "x");
  CHECK(q.Get("up") == "JK");
  CHECK(q.Get("slash") == "a/b");
  CHECK_FALSE(q.Get("missing").has_value());
  // Names are matched after decoding, and exactly (case-sensitive).
  CHECK(QueryParams("my+name=1").Get("my name") == "1");
  CHECK_FALSE(QueryParams("Page=2").Get("page").has_value());
}

TEST_CASE("malformed percent escapes are kept literally") {
  CHECK(QueryParams("a=100%").Get("a") == "100%");
  CHECK(QueryParams("a=%zz").Get("a") == "%zz");
  CHECK(QueryParams("a=%4").Get("a") == "%4");
  CHECK(QueryParams("a=%%41").Get("a") == "%A");
  CHECK(QueryParams("a=%g1x").Get("a") == "%g1x");
}

TEST_CASE("percent-decoding a path keeps plus signs") {
  CHECK(PercentDecode("a+b%20c", false) == "a+b c");
  CHECK(PercentDecode("a+b%20c", true) == "a b c");
  CHECK(PercentDecode("", true).empty());
  CHECK(PercentDecode("%00", false) == std::string(1, '\0'));
}

TEST_CASE("a repeated parameter's last value wins") {
  const QueryParams q("page=1&sort_by=name&page=3");
  CHECK(q.Get("page") == "3");
  CHECK(q.all().size() == 3);
  // The last value wins even when it is empty, and an empty value is absent.
  CHECK_FALSE(QueryParams("page=3&page=").Get("page").has_value());
  CHECK(QueryParams("page=&page=4").Get("page") == "4");
}

TEST_CASE("an empty value counts as absent but stays in the parameter list") {
  const QueryParams q("page=&flag&=orphan&&x=1&");
  CHECK_FALSE(q.Get("page").has_value());
  CHECK_FALSE(q.Get("flag").has_value());
  CHECK(q.Get("") == "orphan");  // a piece without a name is a parameter named ""
  CHECK(q.Get("x") == "1");
  REQUIRE(q.all().size() == 4);  // empty pieces between '&' are dropped
  CHECK(q.all()[0].raw == "page=");
  CHECK(q.all()[1].name == "flag");
  CHECK(q.all()[1].value.empty());
  CHECK(q.all()[2].name.empty());
  CHECK(q.all()[2].value == "orphan");
  CHECK(QueryParams("").all().empty());
  CHECK(QueryParams("&&&").all().empty());
}

TEST_CASE("a value may contain '='") {
  const QueryParams q("expr=a=b&t=2025-07-26T08:10:05+05:00");
  CHECK(q.Get("expr") == "a=b");
  // A '+' in a query decodes to a space; the timestamp parser knows this form (API.md 1.7).
  CHECK(q.Get("t") == "2025-07-26T08:10:05 05:00");
}

TEST_CASE("booleans are true false 1 or 0 in any case") {
  struct Row {
    const char* query;
    std::optional<bool> expected;
  };
  const Row rows[] = {
      {"b=true", true},          {"b=TRUE", true},   {"b=True", true},
      {"b=tRuE", true},          {"b=1", true},      {"b=false", false},
      {"b=FALSE", false},        {"b=False", false}, {"b=0", false},
      {"b=", std::nullopt},      {"", std::nullopt}, {"b=yes&b=true", true},
      {"other=1", std::nullopt},
  };
  for (const Row& row : rows) {
    const std::string query = row.query;
    CAPTURE(query);
    CHECK(QueryParams(row.query).GetBool("b") == row.expected);
  }
}

TEST_CASE("any other boolean value is a 400 naming the parameter") {
  const char* rejected[] = {"b=yes",   "b=no",    "b=2",           "b=t",  "b=f",
                            "b=+true", "b=true+", "b=%20true",     "b=01", "b=-1",
                            "b=null",  "b=on",    "b=true&b=maybe"};
  for (const std::string query : rejected) {
    CAPTURE(query);
    CHECK_THROWS_WITH_AS(QueryParams(query).GetBool("b"),
                         "api.bad_query: b: must be true or false.", InvalidArgument);
    try {
      QueryParams(query).GetBool("b");
    } catch (const InvalidArgument& e) {
      CHECK(e.field() == "b");
      CHECK(e.detail() == "b: must be true or false.");
    }
  }
}

TEST_CASE("WithPage replaces page in place and keeps every other piece as received") {
  struct Row {
    const char* query;
    int64_t page;
    const char* expected;
  };
  const Row rows[] = {
      {"", 2, "page=2"},
      {"sort_by=name", 1, "sort_by=name&page=1"},
      {"sort_by=name&page=2", 3, "sort_by=name&page=3"},
      {"page=2&sort_by=name", 1, "page=1&sort_by=name"},
      {"a=1&page=2&b=2", 3, "a=1&page=3&b=2"},
      {"page=", 2, "page=2"},
      // Other pieces keep their original encoding, byte for byte.
      {"q=a%20b&x=a+b&page=1&f%5Bvalue%5D=%E2%82%AC", 2,
       "q=a%20b&x=a+b&page=2&f%5Bvalue%5D=%E2%82%AC"},
      {"flag&page=5&empty=", 4, "flag&page=4&empty="},
      // Repeated page parameters collapse into the first one.
      {"page=1&a=b&page=5", 2, "page=2&a=b"},
      // An encoded name is still the page parameter.
      {"pag%65=7", 8, "page=8"},
      // Not page parameters.
      {"page_size=10&apage=1", 2, "page_size=10&apage=1&page=2"},
      {"&&sort_by=name&&", 2, "sort_by=name&page=2"},
  };
  for (const Row& row : rows) {
    const std::string query = row.query;
    CAPTURE(query);
    CHECK(QueryParams(row.query).WithPage(row.page) == row.expected);
  }
}

TEST_SUITE_END();

}  // namespace logset::internal
