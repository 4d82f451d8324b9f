// Issue 15: replicas starting together on an empty etcd store make one
// bootstrap key between them, and agree on the secrets key's check. The one
// whose commit loses withdraws the token it delivered (cordon-server deletes
// its bootstrap.key) and takes the other's key as the store's; only the
// winner's token works.

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "server/adapters/aes_gcm_sealer.h"
#include "server/adapters/secrets_key_file.h"
#include "server/engine/tenancy/api_key_manager.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/engine/tenancy/secrets_at_rest.h"
#include "server/ports/secret_sealer.h"
#include "server/store/etcd/etcd_database.h"
#include "testing/fake_clock.h"
#include "testing/fake_entropy.h"
#include "testing/temp_dir.h"
#include "tests/process/etcd_cluster.h"

namespace cordon::engine {
namespace bootstrap_key_test {

// One replica's database on `cluster` (null, and the test failed, when it
// cannot be opened).
std::unique_ptr<store::EtcdDatabase> OpenReplica(
    const process_testing::EtcdCluster& cluster) {
  store::EtcdDatabaseOptions options;
  options.client.endpoints = cluster.endpoints();
  auto db = store::EtcdDatabase::Open(std::move(options));
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? std::move(*db) : nullptr;
}

// One replica's view of the store.
struct Replica {
  Replica(std::unique_ptr<store::EtcdDatabase> opened,
          const ports::Clock* clock, uint64_t seed)
      : db(std::move(opened)),
        entropy(seed),
        audit(db.get(), clock),
        keys(db.get(), clock, &audit, &entropy) {}

  std::unique_ptr<store::EtcdDatabase> db;
  ports::SeededEntropy entropy;
  AuditLog audit;
  ApiKeyManager keys;
  std::string delivered;  // what its bootstrap.key would hold
};

TEST(BootstrapKeyTest, Issue15ReplicasStartingTogetherMakeOneBootstrapKey) {
  testing::TempDir dir;
  auto cluster = process_testing::EtcdCluster::Start(dir.path(), 1);
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  auto open = [&] { return OpenReplica(**cluster); };
  ports::FakeClock clock;
  Replica first(open(), &clock, 1);
  Replica second(open(), &clock, 2);
  ASSERT_NE(first.db, nullptr);
  ASSERT_NE(second.db, nullptr);

  // While the first delivers its token (it found no key, it has not
  // committed), the second starts and makes its own.
  absl::StatusOr<bool> seconds = absl::UnknownError("not run");
  std::string firsts_token;
  const absl::StatusOr<bool> firsts = first.keys.CreateBootstrapKeyOnce(
      [&](const std::string& token) {
        first.delivered = firsts_token = token;
        if (!seconds.ok()) {
          seconds = second.keys.CreateBootstrapKeyOnce(
              [&](const std::string& token) {
                second.delivered = token;
                return absl::OkStatus();
              },
              [&] { second.delivered.clear(); });
        }
        return absl::OkStatus();
      },
      [&] { first.delivered.clear(); });

  ASSERT_TRUE(seconds.ok()) << seconds.status();
  ASSERT_TRUE(firsts.ok()) << firsts.status();
  EXPECT_TRUE(*seconds);
  EXPECT_FALSE(*firsts) << "the second's key stands";
  EXPECT_EQ(first.delivered, "") << "the lost token was not withdrawn";
  ASSERT_NE(second.delivered, "");
  EXPECT_TRUE(first.keys.Authenticate(second.delivered).ok());
  EXPECT_FALSE(first.keys.Authenticate(firsts_token).ok());
  // A later start on either makes none.
  auto again = first.keys.CreateBootstrapKeyOnce(
      [](const std::string&) { return absl::OkStatus(); }, [] {});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
}

// Seals with `inner`; the first Seal (the first check being written,
// after its replica found none) runs `rival` first: another replica with
// the same key file starting at that moment.
class RacedSealer final : public ports::SecretSealer {
 public:
  RacedSealer(ports::SecretSealer* inner, std::function<void()> rival)
      : inner_(inner), rival_(std::move(rival)) {}
  absl::StatusOr<std::string> Seal(absl::string_view plaintext,
                                   absl::string_view binding) override {
    if (rival_) std::exchange(rival_, nullptr)();
    return inner_->Seal(plaintext, binding);
  }
  absl::StatusOr<std::string> Open(absl::string_view sealed,
                                   absl::string_view binding) const override {
    return inner_->Open(sealed, binding);
  }

 private:
  ports::SecretSealer* inner_;
  std::function<void()> rival_;
};

// Replicas starting together with one secrets key file both find no key
// check and both write one: the loser runs its check again and passes it,
// instead of failing its start; a replica with another key is refused.
TEST(BootstrapKeyTest, Issue15ReplicasStartingTogetherPassTheSecretsKeyCheck) {
  testing::TempDir dir;
  auto cluster = process_testing::EtcdCluster::Start(dir.path(), 1);
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  auto open = [&] { return OpenReplica(**cluster); };
  auto first_db = open();
  auto second_db = open();
  auto third_db = open();
  ASSERT_TRUE(first_db && second_db && third_db);
  ports::SeededEntropy nonces(3);
  auto key = adapters::AesGcmSealer::Create(
      std::string(adapters::kSecretsKeyBytes, 'k'), &nonces);
  auto other_key = adapters::AesGcmSealer::Create(
      std::string(adapters::kSecretsKeyBytes, 'o'), &nonces);
  ASSERT_TRUE(key.ok() && other_key.ok());

  SecretsAtRest second(second_db.get(), key->get());
  absl::Status seconds = absl::UnknownError("not run");
  RacedSealer raced(key->get(), [&] { seconds = second.CheckKey(); });
  SecretsAtRest first(first_db.get(), &raced);
  const absl::Status firsts = first.CheckKey();
  EXPECT_TRUE(seconds.ok()) << seconds;
  EXPECT_TRUE(firsts.ok()) << firsts;

  SecretsAtRest third(third_db.get(), other_key->get());
  const absl::Status thirds = third.CheckKey();
  EXPECT_TRUE(absl::IsFailedPrecondition(thirds)) << thirds;
}

}  // namespace bootstrap_key_test
}  // namespace cordon::engine
