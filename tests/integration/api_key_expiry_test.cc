// Issue 14, "Security for operators": API keys may carry an expiry, set on
// create and validated; an expired key is UNAUTHENTICATED saying so;
// GetApiKey and ListApiKeys show it; creating and revoking are audited, the
// two steps of a rotation.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/engine/common/resource_time.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace api_key_expiry_test {

using ::testing::HasSubstr;

class ApiKeyExpiryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    user_ = api_.CreateUser(account_, v1::ACCOUNT_ADMIN);
  }

  // CreateApiKey for user_ expiring `after` from now (none when zero).
  grpc::Status Create(absl::Duration after, v1::CreateApiKeyResponse* out) {
    v1::CreateApiKeyRequest request;
    request.mutable_api_key()->set_display_name("contractor");
    request.mutable_api_key()->set_user(user_);
    if (after != absl::ZeroDuration()) {
      *request.mutable_api_key()->mutable_expire_time() =
          engine::ToTimestamp(server_.clock().Now() + after);
    }
    return api_.api_keys().CreateApiKey(api_.Soc().get(), request, out);
  }

  grpc::Status ListAccounts(const std::string& token) {
    v1::ListAccountsResponse out;
    return api_.accounts().ListAccounts(
        testing::TestServer::Context(token).get(), v1::ListAccountsRequest(),
        &out);
  }

  v1::ApiKey Get(const std::string& name) {
    v1::GetApiKeyRequest request;
    request.set_name(name);
    v1::ApiKey out;
    const grpc::Status status =
        api_.api_keys().GetApiKey(api_.Soc().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // The names ListApiKeys returns for `filter` within account_.
  std::vector<std::string> Listed(const std::string& filter) {
    v1::ListApiKeysRequest request;
    request.set_filter("account = " + account_ + " AND " + filter);
    v1::ListApiKeysResponse out;
    const grpc::Status status =
        api_.api_keys().ListApiKeys(api_.Soc().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const v1::ApiKey& key : out.api_keys()) names.push_back(key.name());
    return names;
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_, user_;
};

TEST_F(ApiKeyExpiryTest, Issue14AKeyWorksUntilItsExpiryThenSaysItExpired) {
  v1::CreateApiKeyResponse created;
  ASSERT_TRUE(Create(absl::Hours(1), &created).ok());
  EXPECT_TRUE(created.api_key().has_expire_time());
  EXPECT_TRUE(ListAccounts(created.secret()).ok());
  EXPECT_EQ(Get(created.api_key().name()).state(), v1::ApiKey::ACTIVE);

  server_.clock().Advance(absl::Hours(1));
  const grpc::Status expired = ListAccounts(created.secret());
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(testing::ReasonOf(expired), "API_KEY_EXPIRED");
  EXPECT_THAT(expired.error_message(),
              HasSubstr("expired at 2026-01-01T01:00:00Z"));
  // A wrong secret for the same key id stays the anonymous answer.
  const grpc::Status guessed = ListAccounts(created.secret() + "x");
  EXPECT_EQ(testing::ReasonOf(guessed), "INVALID_API_KEY");

  const v1::ApiKey shown = Get(created.api_key().name());
  EXPECT_EQ(shown.state(), v1::ApiKey::EXPIRED);
  EXPECT_EQ(shown.expire_time().seconds(),
            created.api_key().expire_time().seconds());
  EXPECT_THAT(Listed("state = EXPIRED"),
              ::testing::ElementsAre(created.api_key().name()));
  EXPECT_THAT(Listed("state = ACTIVE"), ::testing::IsEmpty());
}

TEST_F(ApiKeyExpiryTest, Issue14ExpireTimeMustBeFutureAndAtMostTwoYears) {
  for (absl::Duration after :
       {absl::Seconds(-1), absl::Hours(24 * 732), absl::Hours(-24)}) {
    v1::CreateApiKeyResponse out;
    const grpc::Status status = Create(after, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << absl::FormatDuration(after);
    EXPECT_EQ(testing::BadFieldOf(status), "api_key.expire_time");
  }
  EXPECT_THAT(Listed("state = ACTIVE"), ::testing::IsEmpty())
      << "a refused create makes no key";
  v1::CreateApiKeyResponse longest;
  EXPECT_TRUE(Create(absl::Hours(24 * 731), &longest).ok());
  v1::CreateApiKeyResponse forever;
  ASSERT_TRUE(Create(absl::ZeroDuration(), &forever).ok());
  EXPECT_FALSE(forever.api_key().has_expire_time());
}

// Rotation is a create and a revoke; the audit trail shows both, with the
// new key's expiry.
TEST_F(ApiKeyExpiryTest, Issue14CreatingAndRevokingAreAudited) {
  v1::CreateApiKeyResponse created;
  ASSERT_TRUE(Create(absl::Hours(24 * 90), &created).ok());
  v1::RevokeApiKeyRequest revoke;
  revoke.set_name(created.api_key().name());
  v1::ApiKey revoked;
  ASSERT_TRUE(
      api_.api_keys().RevokeApiKey(api_.Soc().get(), revoke, &revoked).ok());

  v1::ListAuditEventsRequest request;
  request.set_parent(account_);
  request.set_resource(created.api_key().name());
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(
      api_.audit().ListAuditEvents(api_.Soc().get(), request, &events).ok());
  ASSERT_EQ(events.audit_events_size(), 2);
  EXPECT_THAT(events.audit_events(0).summary(),
              HasSubstr("revoked API key \"contractor\""));
  EXPECT_THAT(events.audit_events(1).summary(),
              HasSubstr("expiring 2026-04-01T00:00:00Z"));
}

// A key's holder may read it (cordonctl keys rotate starts there); an
// account user may not read another key of its account; its admins may.
TEST_F(ApiKeyExpiryTest, GetApiKeyOwnKeyOrAdminsAndTheSoc) {
  const std::string reader = api_.CreateUser(account_, v1::ACCOUNT_USER);
  const std::string token = api_.KeyFor(reader, "reader");
  const std::string admin_token = api_.KeyFor(user_, "admin");
  v1::ListApiKeysRequest list;
  list.set_filter("account = " + account_);
  v1::ListApiKeysResponse listed;
  ASSERT_TRUE(
      api_.api_keys().ListApiKeys(api_.Soc().get(), list, &listed).ok());
  ASSERT_EQ(listed.api_keys_size(), 2);
  for (const v1::ApiKey& key : listed.api_keys()) {
    v1::GetApiKeyRequest request;
    request.set_name(key.name());
    v1::ApiKey out;
    const grpc::Status status = api_.api_keys().GetApiKey(
        testing::TestServer::Context(token).get(), request, &out);
    if (key.user() == reader) {
      EXPECT_TRUE(status.ok()) << status.error_message();
      EXPECT_EQ(out.display_name(), "reader");
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    }
    const grpc::Status by_admin = api_.api_keys().GetApiKey(
        testing::TestServer::Context(admin_token).get(), request, &out);
    EXPECT_TRUE(by_admin.ok()) << by_admin.error_message();
  }
}

}  // namespace api_key_expiry_test
}  // namespace cordon
