// DESIGN rule 7 and issue 11, secrets at rest: PSA secrets are sealed with
// AES-256-GCM before RocksDB sees them, bound to their account, opened for
// the PSA call, migrated from the clear records of earlier versions, and a
// wrong key is refused with a clear message that never holds the secret.

#include "server/engine/tenancy/secrets_at_rest.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/adapters/aes_gcm_sealer.h"
#include "server/core/errors.h"
#include "server/engine/common/rows.h"
#include "server/engine/engine.h"
#include "server/engine/escalation/escalation_delivery.h"
#include "server/engine/tenancy/psa_connection.h"
#include "server/store/keys.h"
#include "server/store/rocks/rocks_database.h"
#include "server/store/transaction.h"
#include "testing/all_file_bytes.h"
#include "testing/fake_clock.h"
#include "testing/fake_endpoint_resolver.h"
#include "testing/fake_entropy.h"
#include "testing/temp_dir.h"

namespace cordon::engine {
namespace secrets_at_rest_test {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret[] = "Zq8-distinctive-PSA-secret-4471";
constexpr char kDisplayName[] = "Findable-Display-Name-8812";
const Actor kSoc{"apiKeys/1", "", "test"};

class FixedRandom final : public ports::RandomSource {
 public:
  double Uniform01() override { return 0.5; }
};

// Answers 200 and remembers the connection it was given.
class RecordingPsa final : public ports::Psa {
 public:
  ports::PsaCallOutcome CreateTicket(const ports::PsaConnection& c,
                                     const ports::PsaTicket&) override {
    last = c;
    return {};
  }
  ports::PsaCallOutcome AddTicketNote(const ports::PsaConnection& c,
                                      const std::string&,
                                      const std::string&) override {
    last = c;
    return {};
  }
  ports::PsaCallOutcome TestConnection(const ports::PsaConnection& c) override {
    last = c;
    return {};
  }
  ports::PsaConnection last;
};

std::unique_ptr<adapters::AesGcmSealer> SealerWith(char key_byte,
                                                   ports::Entropy* nonces) {
  return *adapters::AesGcmSealer::Create(
      std::string(adapters::kSecretsKeyBytes, key_byte), nonces);
}

v1::PsaIntegration HaloPsa() {
  v1::PsaIntegration psa;
  psa.set_kind(v1::PsaIntegration::HALOPSA);
  psa.set_endpoint("https://psa.msp.example");
  psa.set_board("SOC");
  psa.set_customer("12");
  psa.set_client_id("cordon");
  psa.set_secret(kSecret);
  return psa;
}

class SecretsAtRestTest : public ::testing::Test {
 protected:
  void SetUp() override { Open('a'); }

  void Open(char key_byte) {
    auto db = store::RocksDatabase::Open(dir_.path());
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    sealer_ = SealerWith(key_byte, &entropy_);
    engine_ = std::make_unique<Engine>(
        db_.get(), Ports{&clock_, &entropy_, nullptr, &random_, &psa_, nullptr,
                         sealer_.get(), &resolver_});
  }
  void Close() {
    engine_.reset();
    db_.reset();
  }
  uint64_t CreateAccount(const std::string& secret = kSecret) {
    v1::Account account;
    account.set_display_name(kDisplayName);
    *account.mutable_settings()->mutable_psa_integration() = HaloPsa();
    account.mutable_settings()->mutable_psa_integration()->set_secret(secret);
    auto created = engine_->accounts().Create(kSoc, account, {});
    EXPECT_TRUE(created.ok()) << created.status();
    return core::ParseAccountName(created->account().name())->account;
  }
  cordon::store::AccountRecord Record(uint64_t account) {
    return *ReadRow<cordon::store::AccountRecord>(
        *db_, store::Family::kAccounts, store::KeyOf({account}), "a", "a");
  }
  void Write(uint64_t account, const cordon::store::AccountRecord& record) {
    auto txn = db_->Begin();
    txn->Put(store::Family::kAccounts, store::KeyOf({account}), record);
    ASSERT_TRUE(txn->Commit().ok());
  }

  testing::TempDir dir_;
  ports::FakeClock clock_;
  ports::SeededEntropy entropy_{11};
  FixedRandom random_;
  RecordingPsa psa_;
  ports::FakeEndpointResolver resolver_;
  std::unique_ptr<adapters::AesGcmSealer> sealer_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(SecretsAtRestTest, Rule7NoTraceOfTheSecretInAnyFileOfTheDataDir) {
  const uint64_t account = CreateAccount();
  ASSERT_TRUE(engine_->psa_check().Test(kSoc, account).ok());
  EXPECT_EQ(psa_.last.secret, kSecret) << "the PSA call gets it in clear";
  auto connection = ReadPsaConnection(*db_, account, sealer_.get());
  ASSERT_TRUE(connection.ok() && connection->has_value());
  EXPECT_EQ((*connection)->secret, kSecret);
  Close();

  const std::string bytes = testing::AllFileBytes(dir_.path());
  // The scan does see what was written (else the test could not fail)...
  EXPECT_THAT(bytes, HasSubstr(kDisplayName));
  // ...and no secret in clear, in any file.
  EXPECT_THAT(bytes, Not(HasSubstr(kSecret)));
}

TEST_F(SecretsAtRestTest, Rule7ASecretCopiedToAnotherAccountDoesNotOpen) {
  const uint64_t first = CreateAccount();
  const uint64_t second = CreateAccount("another-secret");
  cordon::store::AccountRecord record = Record(second);
  record.set_psa_secret_sealed(Record(first).psa_secret_sealed());
  Write(second, record);
  auto connection = ReadPsaConnection(*db_, second, sealer_.get());
  EXPECT_TRUE(absl::IsFailedPrecondition(connection.status()));
  EXPECT_EQ(core::ReasonOf(connection.status()), "SECRET_UNREADABLE");
}

TEST_F(SecretsAtRestTest, Rule7ClearSecretsOfEarlierVersionsAreReadThenSealed) {
  const uint64_t account = CreateAccount();
  cordon::store::AccountRecord legacy = Record(account);
  legacy.clear_psa_secret_sealed();
  legacy.set_psa_secret("legacy-clear-secret");
  Write(account, legacy);
  auto before = ReadPsaConnection(*db_, account, sealer_.get());
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ((*before)->secret, "legacy-clear-secret");
  auto account_view = engine_->accounts().Get(account);
  EXPECT_TRUE(account_view->settings().psa_integration().secret_set());

  absl::StatusOr<int> sealed = engine_->secrets_at_rest().SealLegacySecrets();
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  EXPECT_EQ(*sealed, 1);
  EXPECT_EQ(Record(account).psa_secret(), "");
  EXPECT_FALSE(Record(account).psa_secret_sealed().empty());
  auto after = ReadPsaConnection(*db_, account, sealer_.get());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ((*after)->secret, "legacy-clear-secret");
  EXPECT_EQ(*engine_->secrets_at_rest().SealLegacySecrets(), 0)
      << "a second start has nothing left to seal";
}

TEST_F(SecretsAtRestTest, Rule7AWrongKeyIsRefusedAtStartAndAtDelivery) {
  ASSERT_TRUE(engine_->secrets_at_rest().CheckKey().ok());
  const uint64_t account = CreateAccount();
  Close();
  Open('b');
  const absl::Status check = engine_->secrets_at_rest().CheckKey();
  EXPECT_TRUE(absl::IsFailedPrecondition(check));
  EXPECT_EQ(core::ReasonOf(check), "SECRETS_KEY_MISMATCH");
  EXPECT_THAT(check.message(), HasSubstr("--secrets_key_file"));

  // Should it run anyway, the delivery fails for good with the reason.
  ports::PsaConnection connection;
  absl::optional<ActionResult> ended = ConnectPsa(
      *db_, &psa_, sealer_.get(), account, "no integration", &connection);
  ASSERT_TRUE(ended.has_value());
  EXPECT_EQ(ended->error_class, core::ErrorClass::kPermanent);
  EXPECT_THAT(ended->detail, HasSubstr("--secrets_key_file"));
  EXPECT_THAT(ended->detail, Not(HasSubstr(kSecret)));
  // And a connection test says so instead of failing the call.
  auto tested = engine_->psa_check().Test(kSoc, account);
  ASSERT_TRUE(tested.ok()) << tested.status();
  EXPECT_EQ(tested->verdict.failure, core::PsaTestFailure::kSecretUnreadable);

  Close();
  Open('a');
  EXPECT_TRUE(engine_->secrets_at_rest().CheckKey().ok());
}

TEST_F(SecretsAtRestTest, Rule7WithoutASealerNoSecretIsStored) {
  engine_ = std::make_unique<Engine>(
      db_.get(), Ports{&clock_, &entropy_, nullptr, &random_, &psa_, nullptr,
                       nullptr, &resolver_});
  v1::Account account;
  account.set_display_name("MSP");
  *account.mutable_settings()->mutable_psa_integration() = HaloPsa();
  auto created = engine_->accounts().Create(kSoc, account, {});
  EXPECT_TRUE(absl::IsFailedPrecondition(created.status()));
  EXPECT_EQ(core::ReasonOf(created.status()), "SECRETS_KEY_MISSING");
}

}  // namespace secrets_at_rest_test
}  // namespace cordon::engine
