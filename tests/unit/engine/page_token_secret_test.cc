// Issue 15: replicas starting together on an empty etcd store agree on one
// page-token key: the one whose commit loses runs again and takes the key
// the other wrote, so a page token one replica signs is good on every
// replica.

#include <memory>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "server/engine/common/resume_key.h"
#include "server/store/etcd/etcd_database.h"
#include "testing/fake_entropy.h"
#include "testing/temp_dir.h"
#include "tests/process/etcd_cluster.h"

namespace cordon::engine {
namespace page_token_secret_test {

// The first replica's entropy: while it makes its key (after it found
// none, before it commits), the second replica starts and makes its own.
class RacedEntropy final : public ports::Entropy {
 public:
  RacedEntropy(PageTokenSecret* rival, absl::StatusOr<std::string>* rivals)
      : rival_(rival), rivals_(rivals) {}
  std::string Bytes(size_t count) override {
    if (!raced_) {
      raced_ = true;
      *rivals_ = rival_->LoadOrCreate();
    }
    return own_.Bytes(count);
  }

 private:
  PageTokenSecret* rival_;
  absl::StatusOr<std::string>* rivals_;
  bool raced_ = false;
  ports::SeededEntropy own_{1};
};

TEST(PageTokenSecretTest, Issue15ReplicasStartingTogetherAgreeOnOneKey) {
  testing::TempDir dir;
  auto cluster = process_testing::EtcdCluster::Start(dir.path(), 1);
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  auto open = [&]() {
    store::EtcdDatabaseOptions options;
    options.client.endpoints = (*cluster)->endpoints();
    return store::EtcdDatabase::Open(std::move(options));
  };
  auto first_db = open();
  auto second_db = open();
  ASSERT_TRUE(first_db.ok() && second_db.ok());

  ports::SeededEntropy second_entropy(2);
  PageTokenSecret second(second_db->get(), &second_entropy);
  absl::StatusOr<std::string> seconds_key = absl::UnknownError("not run");
  RacedEntropy first_entropy(&second, &seconds_key);
  PageTokenSecret first(first_db->get(), &first_entropy);

  const absl::StatusOr<std::string> firsts_key = first.LoadOrCreate();
  ASSERT_TRUE(seconds_key.ok()) << seconds_key.status();
  ASSERT_TRUE(firsts_key.ok()) << firsts_key.status();
  EXPECT_EQ(*firsts_key, *seconds_key);
  const absl::StatusOr<std::string> later = first.LoadOrCreate();
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(*later, *seconds_key);
}

}  // namespace page_token_secret_test
}  // namespace cordon::engine
