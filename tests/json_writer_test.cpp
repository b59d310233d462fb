// SPDX-License-Identifier: MIT
// JsonWriter writes exactly the bytes nlohmann's dump() writes for the same document: escapes,
// UTF-8 (valid and not), numbers, nesting and commas.
#include "util/json_writer.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <random>
#include <string>

namespace logset::internal {
namespace {

using Json = nlohmann::ordered_json;

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string Written(const std::string& s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

}  // namespace

TEST_SUITE_BEGIN("json writer");

TEST_CASE("strings are escaped exactly as dump() escapes them") {
  std::string every_byte_below_0x80;
  for (int c = 0; c < 0x80; ++c) every_byte_below_0x80 += static_cast<char>(c);
  const std::string cases[] = {
      "",
      "plain",
      every_byte_below_0x80,
      "quote \" backslash \\ slash / tab \t newline \n",
      "\xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF",  // valid
      std::string("nul\0inside", 10),
      "\x7F del is not escaped",
  };
  for (const std::string& s : cases) {
    CAPTURE(s);
    CHECK(Written(s) == Dump(Json(s)));
  }
}

TEST_CASE("invalid UTF-8 is replaced the way dump() replaces it") {
  const std::string cases[] = {
      "\xFF",
      "a\x80z",
      "\xC0\xAF",
      "\xC1\xBF",  // stray, overlong
      "\xE0\x80\xAF",
      "\xED\xA0\x80",
      "\xF0\x80\x80\xAF",  // overlong, surrogate
      "\xF4\x90\x80\x80",
      "\xF5\x80\x80\x80",  // above U+10FFFF
      "\xE2\x82",
      "tail \xF0\x9F\x98",
      "\xC3",  // truncated
      "ok \xC3\xA9 then \xFF bad \n",
  };
  for (const std::string& s : cases) {
    CAPTURE(s);
    CHECK(Written(s) == Dump(Json(s)));
  }
}

TEST_CASE("random byte strings are written as dump() writes them") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string s(rng() % 12, '\0');
    // Mostly bytes around the interesting ranges: controls, ASCII, continuation and lead bytes.
    for (char& c : s) c = static_cast<char>(rng() % 3 == 0 ? rng() % 0x20 : 0x60 + rng() % 0xA0);
    CAPTURE(s);
    REQUIRE(Written(s) == Dump(Json(s)));
  }
}

TEST_CASE("a byte that needs escaping is found at every offset of a long plain run") {
  // The writer skips plain ASCII eight bytes at a time; each of these (and the boundaries 0x1f,
  // space and DEL) at every position of strings up to 40 bytes must come out as dump() writes it.
  const std::string specials[] = {
      "\"", "\\",       "\n",           std::string(1, '\0'), "\x1f", "\x7f",
      " ",  "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",   "\xFF", "\xC3"};
  for (size_t length = 1; length <= 40; ++length) {
    for (size_t at = 0; at < length; ++at) {
      for (const std::string& special : specials) {
        std::string s(length, 'a');
        s.replace(at, 1, special);
        CAPTURE(s);
        REQUIRE(Written(s) == Dump(Json(s)));
        s.back() = '"';  // and a quote as the last byte
        REQUIRE(Written(s) == Dump(Json(s)));
      }
    }
  }
}

TEST_CASE("numbers are formatted as dump() formats them") {
  std::mt19937_64 rng(11);
  std::vector<double> doubles = {0.0,
                                 -0.0,
                                 1.0,
                                 -1.5,
                                 0.1,
                                 1e-7,
                                 1e21,
                                 123456789.0,
                                 1e300,
                                 5e-324,
                                 std::numeric_limits<double>::max(),
                                 std::nan(""),
                                 std::numeric_limits<double>::infinity(),
                                 -std::numeric_limits<double>::infinity()};
  for (int i = 0; i < 5000; ++i) {
    double d;
    const uint64_t bits = rng();
    std::memcpy(&d, &bits, sizeof d);
    doubles.push_back(d);
    doubles.push_back(static_cast<double>(static_cast<int64_t>(rng() % 2000000) - 1000000) / 1000);
  }
  for (const double d : doubles) {
    std::string out;
    JsonWriter w(out);
    w.Double(d);
    CAPTURE(d);
    REQUIRE(out == Dump(Json(d)));
  }
  for (const int64_t n : {int64_t{0}, int64_t{-1}, std::numeric_limits<int64_t>::min(),
                          std::numeric_limits<int64_t>::max()}) {
    std::string out;
    JsonWriter w(out);
    w.Int(n);
    CHECK(out == Dump(Json(n)));
  }
}

TEST_CASE("nested documents get their commas and match the DOM's dump") {
  const Json dom = Json::parse(
      R"({"a":1,"b":[true,false,null,{"c":"d"},[],{}],"e":{"f":[1.5,"x"]},"g":{"k":[0]}})");
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("a");
  w.Int(1);
  w.Key("b");
  w.BeginArray();
  w.Bool(true);
  w.Bool(false);
  w.Null();
  w.BeginObject();
  w.Key("c");
  w.String("d");
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.Raw("{}");
  w.EndArray();
  w.Key("e");
  w.Raw(R"({"f":[1.5,"x"]})");
  w.Key("g");
  w.Value(Json{{"k", {0}}});
  w.EndObject();
  CHECK(out == Dump(dom));
}

TEST_CASE("DumpJson writes random documents exactly as dump() does") {
  std::mt19937_64 rng(3);
  const std::string texts[] = {
      "", "a", "\u00e9\"\\", "line\nbreak", "\xF0\x9F\x98\x80", "\x01\x1f", "\xFF bad"};
  std::function<Json(int)> random_value = [&](int depth) -> Json {
    switch (rng() % (depth > 3 ? 6 : 8)) {
      case 0:
        return nullptr;
      case 1:
        return rng() % 2 == 0;
      case 2:
        return static_cast<int64_t>(rng()) >> (rng() % 64);
      case 3:
        return static_cast<uint64_t>(rng());
      case 4:
        return static_cast<double>(static_cast<int64_t>(rng() % 100000) - 50000) / 7.0;
      case 5:
        return texts[rng() % std::size(texts)];
      case 6: {
        Json a = Json::array();
        for (int i = rng() % 4; i > 0; --i) a.push_back(random_value(depth + 1));
        return a;
      }
      default: {
        Json o = Json::object();
        for (int i = rng() % 4; i > 0; --i)
          o[texts[rng() % std::size(texts)] + "k"] = random_value(depth + 1);
        return o;
      }
    }
  };
  for (int i = 0; i < 3000; ++i) {
    const Json doc = random_value(0);
    CAPTURE(Dump(doc));
    REQUIRE(DumpJson(doc) == Dump(doc));
  }
}

TEST_SUITE_END();

}  // namespace logset::internal
