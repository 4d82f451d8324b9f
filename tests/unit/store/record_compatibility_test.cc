// Idempotency records keep a create's response as bytes. Before the engine
// stopped returning RPC messages they held cordon.v1.CreateApiKeyResponse
// and cordon.v1.AccountChange; now cordon.store.CreatedApiKey and
// cordon.store.SavedAccount. A retry after an upgrade must read the old
// bytes, so each pair has to stay wire-compatible both ways.

#include "cordon/store/records.pb.h"
#include "cordon/v1/account.pb.h"
#include "cordon/v1/api_key.pb.h"
#include "gtest/gtest.h"

namespace cordon::store {
namespace record_compatibility_test {

template <typename To, typename From>
To Reparse(const From& from) {
  To to;
  EXPECT_TRUE(to.ParseFromString(from.SerializeAsString()));
  return to;
}

TEST(RecordCompatibilityTest, CreatedApiKeyReadsAStoredCreateApiKeyResponse) {
  cordon::v1::CreateApiKeyResponse old;
  old.mutable_api_key()->set_name("apiKeys/7");
  old.mutable_api_key()->set_role(cordon::v1::SERVICE);
  old.set_secret("cordon_7_s");
  CreatedApiKey created = Reparse<CreatedApiKey>(old);
  EXPECT_EQ(created.api_key().name(), "apiKeys/7");
  EXPECT_EQ(created.api_key().role(), cordon::v1::SERVICE);
  EXPECT_EQ(created.secret(), "cordon_7_s");
  EXPECT_EQ(Reparse<cordon::v1::CreateApiKeyResponse>(created).secret(),
            "cordon_7_s");
}

TEST(RecordCompatibilityTest, SavedAccountReadsAStoredAccountChange) {
  cordon::v1::AccountChange old;
  old.mutable_account()->set_name("accounts/3");
  old.add_warnings()->set_message("PSA not reachable yet");
  SavedAccount saved = Reparse<SavedAccount>(old);
  EXPECT_EQ(saved.account().name(), "accounts/3");
  ASSERT_EQ(saved.warnings_size(), 1);
  EXPECT_EQ(saved.warnings(0).message(), "PSA not reachable yet");
  EXPECT_EQ(Reparse<cordon::v1::AccountChange>(saved).account().name(),
            "accounts/3");
}

}  // namespace record_compatibility_test
}  // namespace cordon::store
