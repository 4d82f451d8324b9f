// Issue 14, counts not scans: the identities of an organization and the
// organizations, users and access rules of an account are counted by a
// counter row changed in the transaction of each create and delete
// (engine/common/child_counts.h), so the caps (TOO_MANY_IDENTITIES, ...) and
// the emptiness checks of a delete cost one read whatever the parent holds.
// These tests pin that the counters stay exact, that the caps still hold at
// the counted value, and that a store written before the counters gets them
// at its first start.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/engine/common/child_counts.h"
#include "server/engine/escalation/access_rule_manager.h"
#include "server/engine/tenancy/identity_manager.h"
#include "server/store/family.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"
#include "server/store/transact.h"
#include "tests/integration/login_test_fixture.h"

namespace cordon {
namespace child_count_test {

using store::Family;
using ::testing::IsEmpty;
using ::testing::Not;

class ChildCountTest : public testing::LoginTestBase {
 protected:
  uint64_t AccountId() const {
    return core::ParseAccountName(account_)->account;
  }
  std::string OrgKey() const {
    const core::OrganizationName org = *core::ParseOrganizationName(org_);
    return store::KeyOf({org.account, org.organization});
  }
  int64_t Count(Family family, const std::string& parent_key) {
    absl::StatusOr<int64_t> count =
        engine::ReadChildCount(server_.database(), family, parent_key);
    EXPECT_TRUE(count.ok()) << count.status();
    return count.value_or(-1);
  }
  std::vector<std::string> Mismatches() {
    absl::StatusOr<std::vector<std::string>> found =
        engine::ChildCountMismatches(server_.database());
    EXPECT_TRUE(found.ok()) << found.status();
    return found.value_or(std::vector<std::string>{"unreadable"});
  }
  grpc::Status DeleteIdentity(const std::string& name) {
    v1::DeleteIdentityRequest request;
    request.set_name(name);
    v1::DeleteIdentityResponse response;
    return api_.identities().DeleteIdentity(Soc().get(), request, &response);
  }
  grpc::Status DeleteRule(const std::string& name) {
    v1::DeleteAccessRuleRequest request;
    request.set_name(name);
    v1::DeleteAccessRuleResponse response;
    return api_.access_rules().DeleteAccessRule(Soc().get(), request,
                                                &response);
  }
  // Moves a counter by `delta` as if that many rows had been written past
  // it: how a test reaches a cap of 100,000 without writing 100,000 rows.
  void Shift(Family family, const std::string& parent_key, int64_t delta) {
    ASSERT_TRUE(store::Transact(server_.database(), [&](store::Transaction& t) {
                  CORDON_RETURN_IF_ERROR(
                      engine::AddChildCount(t, family, parent_key, delta));
                  return t.Commit();
                }).ok());
  }
  grpc::Status TryCreateIdentity(const std::string& upn) {
    v1::CreateIdentityRequest request;
    request.set_parent(org_);
    request.mutable_identity()->set_upn(upn);
    request.mutable_identity()->set_display_name("Someone");
    request.mutable_identity()->set_source(v1::Identity::CLOUD_ONLY);
    request.mutable_identity()->set_usage_location("NL");
    v1::Identity out;
    return api_.identities().CreateIdentity(Soc().get(), request, &out);
  }
};

TEST_F(ChildCountTest, Issue14CountsFollowEveryCreateAndDelete) {
  const std::string account_key = store::KeyOf({AccountId()});
  EXPECT_EQ(Count(Family::kIdentities, OrgKey()), 2);  // alice and bob
  EXPECT_EQ(Count(Family::kOrganizations, account_key), 1);
  const std::string carol = NewIdentity("carol@contoso.com");
  api_.CreateUser(account_, v1::ACCOUNT_ADMIN);
  MustCreateRule(account_, CountryRule(v1::AccessRule::EXPECTED, "DE"));
  const v1::AccessRule org_rule =
      MustCreateRule(org_, CountryRule(v1::AccessRule::EXPECTED, "BE"));
  MustCreateRule(carol, CountryRule(v1::AccessRule::EXPECTED, "FR"));
  EXPECT_EQ(Count(Family::kIdentities, OrgKey()), 3);
  EXPECT_EQ(Count(Family::kUsers, account_key), 1);
  EXPECT_EQ(Count(Family::kAccessRules, account_key), 3);

  // Deleting carol takes her rule with her (dependents.cc): both counts go.
  ASSERT_TRUE(DeleteIdentity(carol).ok());
  ASSERT_TRUE(DeleteRule(org_rule.name()).ok());
  EXPECT_EQ(Count(Family::kIdentities, OrgKey()), 2);
  EXPECT_EQ(Count(Family::kAccessRules, account_key), 1);
  EXPECT_THAT(Mismatches(), IsEmpty());
  // Refused deletes change nothing: a second delete of carol is NOT_FOUND.
  EXPECT_EQ(DeleteIdentity(carol).error_code(), grpc::StatusCode::NOT_FOUND);
  server_.Restart();
  api_.Connect();
  EXPECT_EQ(Count(Family::kIdentities, OrgKey()), 2);
  EXPECT_THAT(Mismatches(), IsEmpty());
}

TEST_F(ChildCountTest, Issue14TheIdentityCapHoldsAtTheCountedValue) {
  // As if the organization held kMaxIdentitiesPerOrganization - 1 rows.
  Shift(Family::kIdentities, OrgKey(),
        engine::kMaxIdentitiesPerOrganization - 1 - 2);
  ASSERT_TRUE(TryCreateIdentity("last@contoso.com").ok());
  const grpc::Status refused = TryCreateIdentity("over@contoso.com");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(testing::ReasonOf(refused), "TOO_MANY_IDENTITIES");
  EXPECT_EQ(Count(Family::kIdentities, OrgKey()),
            engine::kMaxIdentitiesPerOrganization);
  // A delete makes room for exactly one.
  ASSERT_TRUE(DeleteIdentity(alice_).ok());
  EXPECT_TRUE(TryCreateIdentity("over@contoso.com").ok());
  EXPECT_FALSE(TryCreateIdentity("over2@contoso.com").ok());
}

TEST_F(ChildCountTest, Issue14TheAccessRuleCapCountsRulesOfThisWrite) {
  const std::string account_key = store::KeyOf({AccountId()});
  Shift(Family::kAccessRules, account_key,
        engine::kMaxAccessRulesPerAccount - 1);
  MustCreateRule(account_, CountryRule(v1::AccessRule::EXPECTED, "DE"));
  v1::AccessRule out;
  const grpc::Status refused =
      CreateRule(account_, CountryRule(v1::AccessRule::EXPECTED, "BE"), &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(testing::ReasonOf(refused), "TOO_MANY_ACCESS_RULES");
}

TEST_F(ChildCountTest, Issue14AnOrganizationWithIdentitiesIsNotDeleted) {
  // The emptiness check reads the counter: a counted identity holds it.
  v1::DeleteOrganizationRequest request;
  request.set_name(org_);
  v1::DeleteOrganizationResponse response;
  const grpc::Status refused =
      api_.organizations().DeleteOrganization(Soc().get(), request, &response);
  EXPECT_EQ(testing::ReasonOf(refused), "ORGANIZATION_NOT_EMPTY");
}

TEST_F(ChildCountTest, Issue14IdentitiesCountedInOneRowByAnOlderVersionStay) {
  // As the version before the parts kept it: the whole count in one row.
  const int64_t counted = Count(Family::kIdentities, OrgKey());
  ASSERT_EQ(counted, 2);
  const std::string whole = store::IndexKey(
      store::IndexKind::kChildCount, {},
      std::string(1, static_cast<char>(Family::kIdentities)) + OrgKey());
  ASSERT_TRUE(store::Transact(server_.database(), [&](store::Transaction& t) {
                CORDON_RETURN_IF_ERROR(server_.database().Scan(
                    Family::kIndex, whole, "", false,
                    [&](absl::string_view key, absl::string_view) {
                      t.Delete(Family::kIndex, key);
                      return true;
                    }));
                std::string value;
                store::AppendUint64(&value, counted);
                t.PutRaw(Family::kIndex, whole, value);
                return t.Commit();
              }).ok());
  ASSERT_EQ(Count(Family::kIdentities, OrgKey()), counted);

  // A delete takes one off its own part, which may go below zero: the sum
  // is what counts.
  ASSERT_TRUE(DeleteIdentity(alice_).ok());
  EXPECT_EQ(Count(Family::kIdentities, OrgKey()), counted - 1);
  EXPECT_THAT(Mismatches(), IsEmpty());
  ASSERT_TRUE(TryCreateIdentity("new@contoso.com").ok());
  EXPECT_EQ(Count(Family::kIdentities, OrgKey()), counted);
  EXPECT_THAT(Mismatches(), IsEmpty());
}

TEST_F(ChildCountTest, Issue14ADeletedOrganizationLeavesNoCounterPart) {
  ASSERT_TRUE(DeleteIdentity(alice_).ok());
  ASSERT_TRUE(DeleteIdentity(bob_).ok());
  const std::string whole = store::IndexKey(
      store::IndexKind::kChildCount, {},
      std::string(1, static_cast<char>(Family::kIdentities)) + OrgKey());
  // Parts that sum to zero, each other than zero: one identity counted in
  // part 0 by an older version, uncounted in part 3 by its id.
  ASSERT_TRUE(store::Transact(server_.database(), [&](store::Transaction& t) {
                CORDON_RETURN_IF_ERROR(engine::AddChildCount(
                    t, Family::kIdentities, OrgKey(), 1, /*spread=*/0));
                CORDON_RETURN_IF_ERROR(engine::AddChildCount(
                    t, Family::kIdentities, OrgKey(), -1, /*spread=*/3));
                return t.Commit();
              }).ok());
  ASSERT_EQ(Count(Family::kIdentities, OrgKey()), 0);

  v1::DeleteOrganizationRequest request;
  request.set_name(org_);
  v1::DeleteOrganizationResponse response;
  ASSERT_TRUE(api_.organizations()
                  .DeleteOrganization(Soc().get(), request, &response)
                  .ok());
  int parts = 0;
  ASSERT_TRUE(server_.database()
                  .Scan(Family::kIndex, whole, "", false,
                        [&](absl::string_view, absl::string_view) {
                          ++parts;
                          return true;
                        })
                  .ok());
  EXPECT_EQ(parts, 0);
}

TEST_F(ChildCountTest, Issue14AStoreWrittenBeforeCountersGetsThemAtStart) {
  // As an older version left it: rows, no counters, no backfill marker.
  const std::string account_key = store::KeyOf({AccountId()});
  std::vector<std::string> counters;
  ASSERT_TRUE(server_.database()
                  .Scan(Family::kIndex,
                        store::IndexKey(store::IndexKind::kChildCount, {}), "",
                        false,
                        [&](absl::string_view key, absl::string_view) {
                          counters.emplace_back(key);
                          return true;
                        })
                  .ok());
  ASSERT_FALSE(counters.empty());
  ASSERT_TRUE(store::Transact(server_.database(), [&](store::Transaction& t) {
                for (const std::string& key : counters) {
                  t.Delete(Family::kIndex, key);
                }
                t.Delete(Family::kMeta, "child_counts_backfilled");
                return t.Commit();
              }).ok());
  EXPECT_EQ(Count(Family::kIdentities, OrgKey()), 0);
  EXPECT_THAT(Mismatches(), Not(IsEmpty()));

  server_.Restart();  // cordon-server's start counts them
  api_.Connect();
  EXPECT_EQ(Count(Family::kIdentities, OrgKey()), 2);
  EXPECT_EQ(Count(Family::kOrganizations, account_key), 1);
  EXPECT_THAT(Mismatches(), IsEmpty());
  // Once: a counter moved after the backfill is not counted again.
  Shift(Family::kUsers, account_key, 5);
  server_.Restart();
  EXPECT_EQ(Count(Family::kUsers, account_key), 5);
}

}  // namespace child_count_test
}  // namespace cordon
