// SPDX-License-Identifier: MIT
// Authentication (API.md 2): the Authorization header, open and keyed mode, and key management.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "auth/authenticate.h"
#include "logset/api.h"
#include "logset/error.h"
#include "logset/keys.h"
#include "store/store_access.h"
#include "test_util.h"
#include "util/ids.h"

namespace logset {
namespace {

using internal::Caller;
using internal::StoreAccess;
using testing::ApiCall;
using testing::OpenMemoryStore;

Caller AuthenticateWith(Store& store, const std::string& header) {
  auto session = StoreAccess::Read(store);
  return internal::Authenticate(session.db(), header);
}

std::string OrgUuid(Store& store, int64_t org_id) {
  auto session = StoreAccess::Read(store);
  SQLite::Statement s(session.db(), "SELECT uuid FROM organizations WHERE id = ?");
  s.bind(1, org_id);
  REQUIRE(s.executeStep());
  return s.getColumn(0).getString();
}

constexpr const char* kNotProvided = "Authentication credentials were not provided.";
constexpr const char* kInvalidKey = "Your API key is invalid or expired.";
const std::string kNotProvidedWhat = std::string("auth.missing: ") + kNotProvided;
const std::string kInvalidKeyWhat = std::string("auth.invalid_key: ") + kInvalidKey;

}  // namespace

TEST_SUITE_BEGIN("auth");

TEST_CASE("the Authorization header yields the trimmed key of Bearer or Api-Key in any case") {
  struct Row {
    const char* header;
    const char* key;
  };
  const Row rows[] = {
      {"Bearer abc", "abc"},
      {"bearer abc", "abc"},
      {"BEARER abc", "abc"},
      {"bEaReR abc", "abc"},
      {"Api-Key abc", "abc"},
      {"api-key abc", "abc"},
      {"API-KEY abc", "abc"},
      {"Bearer     abc", "abc"},
      {"Bearer abc   ", "abc"},
      {"Bearer abc\t", "abc"},
      {"Bearer abc \t \r\n", "abc"},
      {"Bearer  \tabc", "abc"},
      {"Bearer ls_0123456789abcdef-._~+/=", "ls_0123456789abcdef-._~+/="},
      {"Bearer Bearer", "Bearer"},
  };
  for (const Row& row : rows) {
    const std::string header = row.header;
    CAPTURE(header);
    CHECK(internal::ParseAuthorization(row.header) == std::optional<std::string>(row.key));
  }
}

TEST_CASE("other schemes, empty keys and keys with inner whitespace are rejected") {
  const char* rejected[] = {
      "",
      "Bearer",
      "Bearer ",
      "Bearer    ",
      "Bearer \t ",
      "Bearer\tabc",  // the scheme must be followed by a space
      "Bearer\nabc",
      "Bearerabc",
      "Bearer:abc",
      "Bearer a b",  // inner whitespace
      "Bearer a\tb",
      "Bearer a\nb",
      " Bearer abc",  // leading space: no scheme
      "abc",
      "Basic dXNlcjpwYXNz",
      "Token abc",
      "ApiKey abc",
      "Api_Key abc",
      "Api-Keys abc",
      "Bearers abc",
      "Digest username=x",
  };
  for (const std::string header : rejected) {
    CAPTURE(header);
    CHECK_FALSE(internal::ParseAuthorization(header).has_value());
  }
}

TEST_CASE("keys are stored as lowercase hex SHA-256") {
  CHECK(internal::HashKey("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(internal::HashKey("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("open mode accepts any well-formed key as the default organisation in prod") {
  auto store = OpenMemoryStore();
  {
    auto session = StoreAccess::Read(*store);
    CHECK(internal::IsOpenMode(session.db()));
  }
  for (const std::string header : {"Bearer anything", "api-key x", "Bearer   y  "}) {
    CAPTURE(header);
    const Caller caller = AuthenticateWith(*store, header);
    CHECK(caller.org_id == 1);
    CHECK(caller.org_uuid == OrgUuid(*store, 1));
    CHECK(internal::IsUuid(caller.org_uuid));
    CHECK(caller.environment == "prod");
  }
}

TEST_CASE("a missing or malformed header is 401 not provided in open and keyed mode") {
  auto store = OpenMemoryStore();
  for (int keyed = 0; keyed < 2; ++keyed) {
    if (keyed) AddApiKey(*store, "default", "prod", std::string("k-default"));
    for (const std::string header : {"", "Basic abc", "Bearer", "Bearer  ", "Bearer a b"}) {
      CAPTURE(keyed);
      CAPTURE(header);
      CHECK_THROWS_WITH_AS(AuthenticateWith(*store, header), kNotProvidedWhat.c_str(),
                           Unauthorized);
    }
  }
}

TEST_CASE("keyed mode resolves a key to its organisation and environment") {
  auto store = OpenMemoryStore();
  const IssuedApiKey acme = AddApiKey(*store, "acme", "test", std::string("k-acme-test"));
  const IssuedApiKey def = AddApiKey(*store, "default", "prod", std::string("k-default"));
  {
    auto session = StoreAccess::Read(*store);
    CHECK_FALSE(internal::IsOpenMode(session.db()));
  }
  Caller caller = AuthenticateWith(*store, "Bearer k-acme-test");
  CHECK(caller.org_id == acme.info.organization_id);
  CHECK(caller.org_id != 1);
  CHECK(caller.org_uuid == OrgUuid(*store, caller.org_id));
  CHECK(caller.environment == "test");

  caller = AuthenticateWith(*store, "API-KEY   k-default  ");
  CHECK(caller.org_id == 1);
  CHECK(caller.environment == "prod");

  for (const std::string header :
       {"Bearer nope", "Bearer k-acme-tes", "Bearer K-ACME-TEST", "Bearer k-acme-test2"}) {
    CAPTURE(header);
    CHECK_THROWS_WITH_AS(AuthenticateWith(*store, header), kInvalidKeyWhat.c_str(), Unauthorized);
  }
}

TEST_CASE("a revoked key is refused, and re-issuing it pinned brings it back") {
  auto store = OpenMemoryStore();
  const IssuedApiKey keep = AddApiKey(*store, "default", "prod", std::string("k-keep-key"));
  const IssuedApiKey gone = AddApiKey(*store, "default", "prod", std::string("k-gone-key"));
  const ApiKeyInfo revoked = RevokeApiKey(*store, std::to_string(gone.info.id));
  CHECK(revoked.revoked);
  CHECK(revoked.id == gone.info.id);
  CHECK_THROWS_AS(AuthenticateWith(*store, "Bearer k-gone-key"), Unauthorized);
  CHECK(AuthenticateWith(*store, "Bearer k-keep-key").org_id == 1);

  // Revoking the last key does not reopen the store: revoked keys still count as keys.
  RevokeApiKey(*store, std::to_string(keep.info.id));
  CHECK_THROWS_AS(AuthenticateWith(*store, "Bearer k-keep-key"), Unauthorized);
  CHECK_THROWS_AS(AuthenticateWith(*store, "Bearer anything"), Unauthorized);

  const IssuedApiKey again = AddApiKey(*store, "default", "prod", std::string("k-gone-key"));
  CHECK(again.info.id == gone.info.id);
  CHECK_FALSE(again.info.revoked);
  CHECK(AuthenticateWith(*store, "Bearer k-gone-key").org_id == 1);
}

TEST_CASE("the API answers 401 with the spec texts and a WWW-Authenticate header") {
  auto store = OpenMemoryStore();
  const Api api(*store);
  // PUT is not allowed on the list route, so a 405 proves authentication passed.
  auto r = ApiCall(api, "PUT", "/api/datasets/list/", nullptr, "");
  CHECK(r.status == 401);
  CHECK(r.body == testing::Json{{"detail", kNotProvided}});
  CHECK(r.Header("WWW-Authenticate") == "Bearer realm=\"api\"");
  CHECK(ApiCall(api, "PUT", "/api/datasets/list/", nullptr, "Bearer open").status == 405);

  AddApiKey(*store, "default", "prod", std::string("k-default"));
  r = ApiCall(api, "PUT", "/api/datasets/list/", nullptr, "Bearer open");
  CHECK(r.status == 401);
  CHECK(r.body == testing::Json{{"detail", kInvalidKey}});
  CHECK(r.Header("WWW-Authenticate") == "Bearer realm=\"api\"");
  r = ApiCall(api, "PUT", "/api/datasets/list/", nullptr, "Bearer k-default");
  CHECK(r.status == 405);
  CHECK_FALSE(r.Header("WWW-Authenticate").has_value());
}

TEST_CASE("issuing a random key returns it once with its shown information") {
  auto store = OpenMemoryStore();
  const IssuedApiKey issued = AddApiKey(*store, "acme");
  CHECK(issued.key.rfind("ls_", 0) == 0);
  CHECK(issued.key.size() == 51);
  CHECK(internal::ParseAuthorization("Bearer " + issued.key) == issued.key);
  CHECK(issued.info.id > 0);
  CHECK(issued.info.prefix == issued.key.substr(0, 8));
  CHECK(issued.info.organization == "acme");
  CHECK(issued.info.organization_id > 1);
  CHECK(issued.info.environment == "prod");
  CHECK(issued.info.created_at.size() == 27);
  CHECK_FALSE(issued.info.revoked);
  CHECK(AddApiKey(*store, "acme").key != issued.key);
  // The organisation is created once and reused.
  CHECK(AddApiKey(*store, "acme", "test").info.organization_id == issued.info.organization_id);
  CHECK(AddApiKey(*store, "default").info.organization_id == 1);
}

TEST_CASE("re-issuing a pinned key for the same organisation and environment is idempotent") {
  auto store = OpenMemoryStore();
  const IssuedApiKey first = AddApiKey(*store, "acme", "test", std::string("k-pinned-1"));
  const IssuedApiKey second = AddApiKey(*store, "acme", "test", std::string("k-pinned-1"));
  CHECK(first.key == "k-pinned-1");
  CHECK(second.key == first.key);
  CHECK(second.info.id == first.info.id);
  CHECK(ListApiKeys(*store).size() == 1);
}

TEST_CASE("issuing a key rejects bad environments, organisations and pinned keys") {
  auto store = OpenMemoryStore();
  AddApiKey(*store, "acme", "prod", std::string("k-acme-key"));
  struct Row {
    const char* org;
    const char* env;
    std::optional<std::string> key;
    const char* tag;
    const char* field;
  };
  const Row rows[] = {
      {"acme", "staging", std::nullopt, "keys.bad_environment", "environment"},
      {"acme", "Prod", std::nullopt, "keys.bad_environment", "environment"},
      {"acme", "", std::nullopt, "keys.bad_environment", "environment"},
      {"", "prod", std::nullopt, "keys.bad_org", "organization"},
      {"acme", "prod", std::string(""), "keys.bad_key", "key"},
      {"acme", "prod", std::string(" "), "keys.bad_key", "key"},
      {"acme", "prod", std::string("has space"), "keys.bad_key", "key"},
      {"acme", "prod", std::string("tab\tkey"), "keys.bad_key", "key"},
      {"acme", "prod", std::string(" padded"), "keys.bad_key", "key"},
      {"acme", "prod", std::string("padded "), "keys.bad_key", "key"},
      {"other", "prod", std::string("k-acme-key"), "keys.key_taken", "key"},
      {"acme", "test", std::string("k-acme-key"), "keys.key_taken", "key"},
  };
  for (const Row& row : rows) {
    const std::string org = row.org;
    const std::string env = row.env;
    const std::string key = row.key.value_or("<random>");
    CAPTURE(org);
    CAPTURE(env);
    CAPTURE(key);
    try {
      AddApiKey(*store, row.org, row.env, row.key);
      FAIL("AddApiKey must throw");
    } catch (const InvalidArgument& e) {
      CHECK(e.tag() == row.tag);
      CHECK(e.field() == row.field);
      CHECK(e.detail().rfind(std::string(row.field) + ": ", 0) == 0);
    }
  }
  // Nothing was written by the failed calls: no organisation "other", still one key.
  CHECK(ListApiKeys(*store).size() == 1);
  auto session = StoreAccess::Read(*store);
  CHECK(session.db().execAndGet("SELECT count(*) FROM organizations").getInt() == 2);
}

TEST_CASE("listing keys shows every key oldest first with its organisation and state") {
  auto store = OpenMemoryStore();
  CHECK(ListApiKeys(*store).empty());
  const IssuedApiKey a = AddApiKey(*store, "default", "prod", std::string("k-first-key"));
  const IssuedApiKey b = AddApiKey(*store, "acme", "test", std::string("k-second-key-long"));
  RevokeApiKey(*store, std::to_string(a.info.id));
  const auto keys = ListApiKeys(*store);
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].id == a.info.id);
  CHECK(keys[0].organization == "default");
  CHECK(keys[0].organization_id == 1);
  CHECK(keys[0].environment == "prod");
  CHECK(keys[0].revoked);
  CHECK(keys[1].id == b.info.id);
  CHECK(keys[1].organization == "acme");
  CHECK(keys[1].environment == "test");
  CHECK_FALSE(keys[1].revoked);
  CHECK(keys[1].prefix == "k-second");
}

TEST_CASE("revoking finds a key by id or prefix and reports unknown or ambiguous ones") {
  auto store = OpenMemoryStore();
  const IssuedApiKey a = AddApiKey(*store, "default", "prod", std::string("shared00-key-aaaa"));
  const IssuedApiKey b = AddApiKey(*store, "default", "prod", std::string("shared00-key-bbbb"));
  const IssuedApiKey c = AddApiKey(*store, "default", "prod", std::string("unique00-key-cccc"));
  REQUIRE(a.info.prefix == "shared00");
  REQUIRE(b.info.prefix == "shared00");

  CHECK_THROWS_WITH_AS(RevokeApiKey(*store, "shared00"),
                       "keys.ambiguous: 'shared00' matches several keys; give the key id.",
                       InvalidArgument);
  CHECK_THROWS_AS(RevokeApiKey(*store, "nope"), NotFound);
  CHECK_THROWS_AS(RevokeApiKey(*store, "999"), NotFound);
  CHECK_THROWS_AS(RevokeApiKey(*store, ""), NotFound);
  CHECK_THROWS_AS(RevokeApiKey(*store, "shared"), NotFound);  // prefixes match whole
  for (const auto& info : ListApiKeys(*store)) CHECK_FALSE(info.revoked);

  CHECK(RevokeApiKey(*store, "unique00").id == c.info.id);
  CHECK(RevokeApiKey(*store, std::to_string(b.info.id)).id == b.info.id);
  // Revoking again is harmless and keeps the key revoked.
  CHECK(RevokeApiKey(*store, std::to_string(b.info.id)).revoked);
  const auto keys = ListApiKeys(*store);
  CHECK_FALSE(keys[0].revoked);
  CHECK(keys[1].revoked);
  CHECK(keys[2].revoked);

  // A one-character key shows no prefix, and an empty prefix never matches it.
  const IssuedApiKey tiny = AddApiKey(*store, "default", "prod", std::string("x"));
  CHECK(tiny.info.prefix.empty());
  CHECK_THROWS_AS(RevokeApiKey(*store, ""), NotFound);
  CHECK(RevokeApiKey(*store, std::to_string(tiny.info.id)).revoked);
}

TEST_CASE("the raw key never reaches the database file") {
  testing::TempDir dir;
  const std::string path = dir.File("keys.db");
  const std::string long_key = "k-very-secret-long-key-0123456789";
  const std::string short_key = "shortkey";  // as long as the shown prefix
  {
    auto store = testing::OpenFileStore(path);
    AddApiKey(*store, "default", "prod", long_key);
    AddApiKey(*store, "default", "prod", short_key);
    const IssuedApiKey random = AddApiKey(*store, "acme");
    CHECK(AuthenticateWith(*store, "Bearer " + long_key).org_id == 1);
    CHECK(AuthenticateWith(*store, "Bearer " + short_key).org_id == 1);
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("SELECT count(*) FROM api_keys WHERE key_hash = '" +
                         internal::HashKey(long_key) + "'")
              .getInt() == 1);
    const std::string bytes = testing::ReadFileBytes(path) + testing::ReadFileBytes(path + "-wal");
    CHECK(bytes.find(long_key) == std::string::npos);
    CHECK(bytes.find(short_key) == std::string::npos);
    CHECK(bytes.find(random.key) == std::string::npos);
  }
  const std::string bytes = testing::ReadFileBytes(path);
  REQUIRE_FALSE(bytes.empty());
  CHECK(bytes.find(long_key) == std::string::npos);
  CHECK(bytes.find(short_key) == std::string::npos);
}

TEST_SUITE_END();

}  // namespace logset
