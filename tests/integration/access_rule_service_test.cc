// AccessRuleService over a real loopback channel (ESC-4): CRUD at account,
// organization and identity scope, bad input named per field, who may read
// and write, and rules resolving the open login escalations they cover
// (ESC-4) or that an answer creates (ESC-8).

#include "cordon/v1/escalation.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/keys.h"
#include "tests/integration/login_test_fixture.h"

namespace cordon {
namespace access_rule_service_test {

using ::testing::StartsWith;
using v1::AccessRule;
using v1::Escalation;

class AccessRuleServiceTest : public testing::LoginTestBase {
 protected:
  grpc::Status Get(const std::string& name, AccessRule* out,
                   const std::string& token = "") {
    v1::GetAccessRuleRequest request;
    request.set_name(name);
    return api_.access_rules().GetAccessRule(
        Ctx(token.empty() ? server_.bootstrap_token() : token).get(), request,
        out);
  }
  grpc::Status List(const std::string& parent, const std::string& token,
                    v1::ListAccessRulesResponse* out) {
    v1::ListAccessRulesRequest request;
    request.set_parent(parent);
    return api_.access_rules().ListAccessRules(Ctx(token).get(), request, out);
  }
  grpc::Status Update(const AccessRule& patch,
                      const std::vector<std::string>& paths, AccessRule* out,
                      const std::string& token = "") {
    v1::UpdateAccessRuleRequest request;
    *request.mutable_access_rule() = patch;
    for (const std::string& path : paths) {
      request.mutable_update_mask()->add_paths(path);
    }
    return api_.access_rules().UpdateAccessRule(
        Ctx(token.empty() ? server_.bootstrap_token() : token).get(), request,
        out);
  }
  grpc::Status Delete(const std::string& name, const std::string& etag = "",
                      const std::string& token = "") {
    v1::DeleteAccessRuleRequest request;
    request.set_name(name);
    request.set_etag(etag);
    v1::DeleteAccessRuleResponse response;
    return api_.access_rules().DeleteAccessRule(
        Ctx(token.empty() ? server_.bootstrap_token() : token).get(), request,
        &response);
  }
};

TEST_F(AccessRuleServiceTest, CrudAtEachScope) {
  const AccessRule at_account =
      MustCreateRule(account_, CountryRule(AccessRule::EXPECTED, "DE"));
  const AccessRule at_org =
      MustCreateRule(org_, VpnRule(AccessRule::EXPECTED, "  NordVPN "));
  AccessRule ip = CountryRule(AccessRule::UNAUTHORIZED, "");
  ip.set_ip_address("2001:DB8:0:0::0/32");
  ip.set_note("attacker range");
  const AccessRule at_identity = MustCreateRule(alice_, ip);

  EXPECT_THAT(at_account.name(), StartsWith(account_ + "/accessRules/"));
  EXPECT_THAT(at_org.name(), StartsWith(org_ + "/accessRules/"));
  EXPECT_THAT(at_identity.name(), StartsWith(alice_ + "/accessRules/"));
  EXPECT_EQ(at_org.vpn_provider(), "NordVPN");           // trimmed
  EXPECT_EQ(at_identity.ip_address(), "2001:db8::/32");  // canonical
  EXPECT_FALSE(at_account.etag().empty());
  EXPECT_TRUE(at_account.has_create_time());

  AccessRule got;
  ASSERT_TRUE(Get(at_identity.name(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), at_identity.SerializeAsString());

  // List: rules at exactly the parent's scope.
  EXPECT_EQ(ListRules(account_).size(), 1u);
  EXPECT_EQ(ListRules(org_).size(), 1u);
  ASSERT_EQ(ListRules(alice_).size(), 1u);
  EXPECT_EQ(ListRules(bob_).size(), 0u);
  EXPECT_EQ(ListRules(alice_, "determination = UNAUTHORIZED").size(), 1u);
  EXPECT_EQ(ListRules(alice_, "determination = EXPECTED").size(), 0u);

  // Update: note and window; the etag guards.
  AccessRule patch;
  patch.set_name(at_account.name());
  patch.set_note("travel season");
  *patch.mutable_expire_time() =
      engine::ToTimestamp(server_.clock().Now() + absl::Hours(24));
  patch.set_etag("stale");
  AccessRule updated;
  EXPECT_EQ(Update(patch, {"note"}, &updated).error_code(),
            grpc::StatusCode::ABORTED);
  patch.set_etag(at_account.etag());
  ASSERT_TRUE(Update(patch, {"note", "expire_time"}, &updated).ok());
  EXPECT_EQ(updated.note(), "travel season");
  EXPECT_TRUE(updated.has_expire_time());
  EXPECT_EQ(updated.country(), "DE");
  EXPECT_NE(updated.etag(), at_account.etag());

  // Delete; then it is gone.
  EXPECT_EQ(Delete(at_account.name(), at_account.etag()).error_code(),
            grpc::StatusCode::ABORTED);
  ASSERT_TRUE(Delete(at_account.name(), updated.etag()).ok());
  EXPECT_EQ(Get(at_account.name(), &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ListRules(account_).size(), 0u);
}

TEST_F(AccessRuleServiceTest, ARuleIsFoundOnlyUnderItsOwnScope) {
  const AccessRule rule =
      MustCreateRule(org_, CountryRule(AccessRule::EXPECTED, "DE"));
  const std::string id = rule.name().substr(rule.name().rfind('/') + 1);
  AccessRule got;
  EXPECT_EQ(Get(account_ + "/accessRules/" + id, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(alice_ + "/accessRules/" + id, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Delete(account_ + "/accessRules/" + id).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Get(rule.name(), &got).ok());
}

TEST_F(AccessRuleServiceTest, BadInputNamesTheFieldAndWritesNothing) {
  struct Case {
    AccessRule rule;
    std::string field;
    std::string reason;
  };
  auto with = [](AccessRule rule, auto mutate) {
    mutate(&rule);
    return rule;
  };
  const AccessRule de = CountryRule(AccessRule::EXPECTED, "DE");
  const absl::Time now = server_.clock().Now();
  const std::vector<Case> cases = {
      {CountryRule(AccessRule::EXPECTED, "XX"), "access_rule.country", ""},
      {CountryRule(AccessRule::EXPECTED, "de"), "access_rule.country", ""},
      {VpnRule(AccessRule::EXPECTED, "   "), "access_rule.vpn_provider", ""},
      {VpnRule(AccessRule::EXPECTED, std::string(129, 'v')),
       "access_rule.vpn_provider", ""},
      {with(de, [](AccessRule* r) { r->set_ip_address("198.51.100.7/24"); }),
       "access_rule.ip_address", ""},
      {with(de, [](AccessRule* r) { r->set_ip_address("not an ip"); }),
       "access_rule.ip_address", ""},
      {with(de, [](AccessRule* r) { r->set_note("bad\nnote"); }),
       "access_rule.note", ""},
      {with(de, [](AccessRule* r) { r->set_note(std::string(1025, 'n')); }),
       "access_rule.note", ""},
      {with(de,
            [](AccessRule* r) {
              r->set_determination(AccessRule::DETERMINATION_UNSPECIFIED);
            }),
       "access_rule.determination", ""},
      {with(de, [](AccessRule* r) { r->clear_country(); }),
       "access_rule.target", ""},
      {with(CountryRule(AccessRule::UNAUTHORIZED, "RU"),
            [&](AccessRule* r) {
              *r->mutable_start_time() = engine::ToTimestamp(now);
            }),
       "access_rule.start_time", "UNAUTHORIZED_RULE_WINDOW"},
      {with(CountryRule(AccessRule::UNAUTHORIZED, "RU"),
            [&](AccessRule* r) {
              *r->mutable_expire_time() = engine::ToTimestamp(now);
            }),
       "access_rule.expire_time", "UNAUTHORIZED_RULE_WINDOW"},
      {with(de,
            [&](AccessRule* r) {
              *r->mutable_start_time() = engine::ToTimestamp(now);
              *r->mutable_expire_time() =
                  engine::ToTimestamp(now - absl::Hours(1));
            }),
       "access_rule.expire_time", ""},
  };
  for (const Case& c : cases) {
    AccessRule out;
    grpc::Status status = CreateRule(org_, c.rule, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.field;
    EXPECT_EQ(testing::BadFieldOf(status), c.field) << status.error_message();
    if (!c.reason.empty()) {
      EXPECT_EQ(testing::ReasonOf(status), c.reason);
    }
  }
  AccessRule out;
  grpc::Status bad_parent = CreateRule(org_ + "/incidentReports/1", de, &out);
  EXPECT_EQ(bad_parent.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(bad_parent), "parent");
  EXPECT_TRUE(ListRules(org_).empty());

  // The scope must exist.
  EXPECT_EQ(
      CreateRule(account_ + "/organizations/999999", de, &out).error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CreateRule(org_ + "/identities/999999", de, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CreateRule("accounts/999999", de, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AccessRuleServiceTest, UpdateChecksTheMaskAndTheWholeRule) {
  AccessRule windowed = CountryRule(AccessRule::EXPECTED, "DE");
  *windowed.mutable_start_time() = engine::ToTimestamp(server_.clock().Now());
  const AccessRule rule = MustCreateRule(org_, windowed);

  AccessRule patch;
  patch.set_name(rule.name());
  patch.set_country("FR");
  AccessRule out;
  grpc::Status status = Update(patch, {"country"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "update_mask");

  // UNAUTHORIZED with the window still set: refused.
  patch.set_determination(AccessRule::UNAUTHORIZED);
  status = Update(patch, {"determination"}, &out);
  EXPECT_EQ(testing::ReasonOf(status), "UNAUTHORIZED_RULE_WINDOW");
  // Clearing the window in the same update makes it valid.
  ASSERT_TRUE(
      Update(patch, {"determination", "start_time", "expire_time"}, &out).ok());
  EXPECT_EQ(out.determination(), AccessRule::UNAUTHORIZED);
  EXPECT_FALSE(out.has_start_time());
  EXPECT_EQ(out.country(), "DE");
}

TEST_F(AccessRuleServiceTest, Esc4RolesWhoReadsAndWhoWrites) {
  const std::string admin = AdminToken();
  const std::string reader = UserToken(v1::ACCOUNT_USER, account_);
  const std::string org_user = UserToken(v1::ORGANIZATION_USER, account_, org_);
  const std::string other_org = api_.CreateOrganization(
      account_, "Fabrikam", "00000000-0000-0000-0000-0000000000cc");
  const std::string other_admin =
      UserToken(v1::ACCOUNT_ADMIN, api_.CreateAccount("Other MSP"));

  AccessRule out;
  const AccessRule de = CountryRule(AccessRule::EXPECTED, "DE");
  ASSERT_TRUE(CreateRule(account_, de, &out, admin).ok());
  const AccessRule account_rule = out;
  ASSERT_TRUE(CreateRule(org_, de, &out, admin).ok());
  const AccessRule org_rule = out;
  ASSERT_TRUE(CreateRule(alice_, de, &out, admin).ok());
  const AccessRule identity_rule = out;

  // Account users read everything of their account, write nothing.
  v1::ListAccessRulesResponse listed;
  EXPECT_TRUE(List(account_, reader, &listed).ok());
  EXPECT_TRUE(Get(identity_rule.name(), &out, reader).ok());
  EXPECT_EQ(CreateRule(org_, de, &out, reader).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Delete(org_rule.name(), "", reader).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Organization users: their organization and its identities only.
  EXPECT_TRUE(List(org_, org_user, &listed).ok());
  EXPECT_TRUE(List(alice_, org_user, &listed).ok());
  EXPECT_TRUE(Get(identity_rule.name(), &out, org_user).ok());
  EXPECT_EQ(List(account_, org_user, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(account_rule.name(), &out, org_user).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(List(other_org, org_user, &listed).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CreateRule(org_, de, &out, org_user).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Another account: as if nothing were there (TEN-1).
  EXPECT_EQ(Get(org_rule.name(), &out, other_admin).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(List(org_, other_admin, &listed).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CreateRule(org_, de, &out, other_admin).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // SERVICE keys only ingest telemetry.
  EXPECT_EQ(List(org_, ProviderToken(v1::SERVICE), &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // The admin updates and deletes; the SOC may too.
  AccessRule patch;
  patch.set_name(org_rule.name());
  patch.set_note("by admin");
  ASSERT_TRUE(Update(patch, {"note"}, &out, admin).ok());
  EXPECT_TRUE(Delete(org_rule.name(), "", admin).ok());
  EXPECT_TRUE(Delete(identity_rule.name()).ok());
}

TEST_F(AccessRuleServiceTest,
       Esc4IdentityRuleResolvesOnlyWhenEveryListedIdentityIsCovered) {
  MustRecord(Event(alice_, "RU"));
  MustRecord(Event(bob_, "RU"));
  std::vector<Escalation> open = OpenLoginEscalations();
  ASSERT_EQ(open.size(), 1u);

  MustCreateRule(alice_, CountryRule(AccessRule::EXPECTED, "RU"));
  EXPECT_EQ(EscalationNamed(open[0].name()).status(), Escalation::OPEN);
  // Either determination is an admin's decision: it covers.
  MustCreateRule(bob_, CountryRule(AccessRule::UNAUTHORIZED, "RU"));
  const Escalation resolved = EscalationNamed(open[0].name());
  EXPECT_EQ(resolved.status(), Escalation::RESOLVED);
  EXPECT_EQ(resolved.resolution(), Escalation::RULE);
}

TEST_F(AccessRuleServiceTest, Esc4AWindowThatStartsLaterCoversNothingYet) {
  MustRecord(Event(alice_, "RU"));
  AccessRule later = CountryRule(AccessRule::EXPECTED, "RU");
  *later.mutable_start_time() =
      engine::ToTimestamp(server_.clock().Now() + absl::Hours(24));
  MustCreateRule(account_, later);
  EXPECT_EQ(OpenLoginEscalations().size(), 1u);
}

TEST_F(AccessRuleServiceTest, Esc8UnauthorizedAnswerCreatesTheRuleAndIsolates) {
  MustRecord(Event(alice_, "RU"));
  MustRecord(Event(bob_, "RU"));
  std::vector<Escalation> open = OpenLoginEscalations();
  ASSERT_EQ(open.size(), 1u);

  auto escalations = v1::EscalationService::NewStub(server_.channel());
  v1::AnswerEscalationRequest answer;
  answer.set_name(open[0].name());
  answer.mutable_answer()->set_determination(AccessRule::UNAUTHORIZED);
  answer.mutable_answer()->set_scope(v1::EscalationAnswer::IDENTITY);
  Escalation answered;
  grpc::Status status =
      escalations->AnswerEscalation(Ctx(AdminToken()).get(), answer, &answered);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(answered.status(), Escalation::RESOLVED);

  // One rule per listed identity, each holding its identity.
  const std::vector<AccessRule> alice_rules = ListRules(alice_);
  ASSERT_EQ(alice_rules.size(), 1u);
  EXPECT_EQ(alice_rules[0].determination(), AccessRule::UNAUTHORIZED);
  EXPECT_EQ(alice_rules[0].country(), "RU");
  ASSERT_EQ(ListRules(bob_).size(), 1u);
  RunWorker();
  for (const std::string& identity : {alice_, bob_}) {
    const v1::Identity isolated = GetIdentity(identity);
    EXPECT_EQ(isolated.isolation_state(), v1::Identity::ISOLATED) << identity;
    ASSERT_EQ(isolated.isolation().holds_size(), 1);
    EXPECT_THAT(isolated.isolation().holds(0).source(),
                StartsWith(identity + "/accessRules/"));
  }
  EXPECT_EQ(
      server_.world().IsCloudEnabled(testing::kLoginTenant, "bob@contoso.com"),
      false);
}

// Issue 8, defect 8: deleting an identity or an organization leaves nothing
// of it behind: its access rules (ESC-4 scope) and the identity's isolation
// record go in the same write.
TEST_F(AccessRuleServiceTest, DeletingTheScopeDeletesItsRulesAndRecords) {
  const AccessRule at_alice =
      MustCreateRule(alice_, CountryRule(AccessRule::EXPECTED, "DE"));
  const AccessRule at_org =
      MustCreateRule(org_, CountryRule(AccessRule::EXPECTED, "FR"));
  const AccessRule at_account =
      MustCreateRule(account_, CountryRule(AccessRule::EXPECTED, "BE"));
  // Alice was isolated and released once: she has an isolation record.
  v1::IsolateIdentityRequest isolate;
  isolate.set_name(alice_);
  isolate.set_reason("drill");
  v1::Identity identity;
  ASSERT_TRUE(api_.identities()
                  .IsolateIdentity(Ctx(server_.bootstrap_token()).get(),
                                   isolate, &identity)
                  .ok());
  ASSERT_TRUE(server_.engine().worker().RunUntilIdle().ok());
  v1::ReleaseIdentityRequest release;
  release.set_name(alice_);
  release.set_reason("drill over");
  ASSERT_TRUE(api_.identities()
                  .ReleaseIdentity(Ctx(server_.bootstrap_token()).get(),
                                   release, &identity)
                  .ok());
  ASSERT_TRUE(server_.engine().worker().RunUntilIdle().ok());
  const core::IdentityName alice = *core::ParseIdentityName(alice_);
  const std::string isolation_key =
      store::KeyOf({alice.account, alice.organization, alice.identity});
  ASSERT_TRUE(
      server_.database().Get(store::Family::kIsolation, isolation_key).ok());

  for (const std::string& name : {alice_, bob_}) {
    v1::DeleteIdentityRequest remove;
    remove.set_name(name);
    v1::DeleteIdentityResponse removed;
    grpc::Status status = api_.identities().DeleteIdentity(
        Ctx(server_.bootstrap_token()).get(), remove, &removed);
    ASSERT_TRUE(status.ok()) << name << ": " << status.error_message();
  }
  AccessRule got;
  EXPECT_EQ(Get(at_alice.name(), &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(
      absl::IsNotFound(server_.database()
                           .Get(store::Family::kIsolation, isolation_key)
                           .status()));
  EXPECT_TRUE(Get(at_org.name(), &got).ok());

  v1::DeleteOrganizationRequest remove_org;
  remove_org.set_name(org_);
  v1::DeleteOrganizationResponse removed_org;
  grpc::Status status = api_.organizations().DeleteOrganization(
      Ctx(server_.bootstrap_token()).get(), remove_org, &removed_org);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Get(at_org.name(), &got).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Get(at_account.name(), &got).ok()) << "account rules stay";
}

}  // namespace access_rule_service_test
}  // namespace cordon
