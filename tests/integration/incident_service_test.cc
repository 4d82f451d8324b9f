// IncidentService over a real loopback channel: the report lifecycle
// (DRAFT -> SENT -> RESOLVED/REJECTED), ISO-2 isolation at send time, ISO-4
// release on resolve, ISO-10 filters, who may do what, and bad input.

#include <atomic>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace incident_service_test {

using v1::IncidentReport;
using v1::ResponseAction;

constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000aa";

class IncidentServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    ASSERT_TRUE(server_.world().AddTenant({kTenant, {"contoso.com"}, ""}).ok());
    org_ = api_.CreateOrganization(account_, "Contoso", kTenant);
    alice_ = NewIdentity("alice@contoso.com");
    ASSERT_TRUE(server_.world().SignIn(kTenant, "alice@contoso.com").ok());
  }

  std::string NewIdentity(const std::string& upn) {
    EXPECT_TRUE(server_.world().AddUser(kTenant, {.upn = upn}).ok());
    return api_.CreateIdentity(org_, upn);
  }
  std::unique_ptr<grpc::ClientContext> Soc() { return api_.Soc(); }
  std::string UserToken(v1::Role role) {
    return api_.KeyFor(api_.CreateUser(
        account_, role, role == v1::ORGANIZATION_USER ? org_ : ""));
  }
  grpc::Status Draft(IncidentReport* out, bool isolation_worthy = true) {
    v1::CreateIncidentReportRequest request;
    request.set_parent(org_);
    auto* report = request.mutable_incident_report();
    report->set_title("Sign-in from a known-bad IP");
    report->set_severity(v1::CRITICAL);
    report->set_isolation_worthy(isolation_worthy);
    report->add_identities(alice_);
    return api_.incidents().CreateIncidentReport(Soc().get(), request, out);
  }
  grpc::Status Send(const std::string& name, IncidentReport* out) {
    v1::SendIncidentReportRequest request;
    request.set_name(name);
    return api_.incidents().SendIncidentReport(Soc().get(), request, out);
  }
  v1::Identity Alice() { return api_.GetIdentity(alice_); }
  void RunWorker() {
    auto handled = server_.engine().worker().RunUntilIdle();
    ASSERT_TRUE(handled.ok()) << handled.status();
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_, org_, alice_;
};

TEST_F(IncidentServiceTest, Iso2SendIsolatesAtSendTimeAndIso4ResolveReleases) {
  IncidentReport draft, sent, resolved;
  ASSERT_TRUE(Draft(&draft).ok());
  EXPECT_EQ(draft.status(), IncidentReport::DRAFT);
  EXPECT_EQ(Alice().isolation_state(), v1::Identity::ACTIVE);

  ASSERT_TRUE(Send(draft.name(), &sent).ok());
  EXPECT_EQ(sent.status(), IncidentReport::SENT);
  EXPECT_EQ(Alice().isolation_state(), v1::Identity::ISOLATING);
  ASSERT_GE(sent.response_actions_size(), 2);

  RunWorker();
  EXPECT_EQ(Alice().isolation_state(), v1::Identity::ISOLATED);
  EXPECT_EQ(server_.world().IsCloudEnabled(kTenant, "alice@contoso.com"),
            false);
  EXPECT_EQ(server_.world().SessionCount(kTenant, "alice@contoso.com"), 0);

  v1::ResolveIncidentReportRequest resolve;
  resolve.set_name(draft.name());
  ASSERT_TRUE(api_.incidents()
                  .ResolveIncidentReport(Soc().get(), resolve, &resolved)
                  .ok());
  RunWorker();
  EXPECT_EQ(Alice().isolation_state(), v1::Identity::ACTIVE);
  EXPECT_EQ(server_.world().IsCloudEnabled(kTenant, "alice@contoso.com"), true);
}

// ISO-3 / ISO-11: with no tenant bound Cordon can do nothing to the
// account, so the identity is held but LIMITED with the reason, never
// ISOLATED (which would tell a SOC — or a client waiting for ISOLATED —
// that the attacker is locked out). Resolving releases the hold.
TEST_F(IncidentServiceTest, Iso3NoTenantBoundIsLimitedNeverIsolated) {
  const std::string org = api_.CreateOrganization(account_, "Unbound", "");
  const std::string bob = api_.CreateIdentity(org, "bob@unbound.example");
  v1::CreateIncidentReportRequest request;
  request.set_parent(org);
  request.mutable_incident_report()->set_title("Token theft");
  request.mutable_incident_report()->set_severity(v1::HIGH);
  request.mutable_incident_report()->set_isolation_worthy(true);
  request.mutable_incident_report()->add_identities(bob);
  IncidentReport draft, sent, resolved;
  ASSERT_TRUE(
      api_.incidents().CreateIncidentReport(Soc().get(), request, &draft).ok());
  ASSERT_TRUE(Send(draft.name(), &sent).ok());
  RunWorker();
  const v1::Identity held = api_.GetIdentity(bob);
  EXPECT_EQ(held.isolation_state(), v1::Identity::LIMITED);
  EXPECT_THAT(held.isolation().last_failure(),
              ::testing::HasSubstr("no Microsoft 365 tenant bound"));

  v1::ResolveIncidentReportRequest resolve;
  resolve.set_name(draft.name());
  ASSERT_TRUE(api_.incidents()
                  .ResolveIncidentReport(Soc().get(), resolve, &resolved)
                  .ok());
  RunWorker();
  EXPECT_EQ(api_.GetIdentity(bob).isolation_state(), v1::Identity::ACTIVE);
}

TEST_F(IncidentServiceTest, WrongTransitionsAreFailedPrecondition) {
  IncidentReport draft, sent;
  ASSERT_TRUE(Draft(&draft).ok());
  v1::ResolveIncidentReportRequest resolve;
  resolve.set_name(draft.name());
  IncidentReport out;
  grpc::Status early =
      api_.incidents().ResolveIncidentReport(Soc().get(), resolve, &out);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(early), "INVALID_REPORT_STATE");
  ASSERT_TRUE(Send(draft.name(), &sent).ok());
  EXPECT_EQ(Send(draft.name(), &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(
      api_.incidents().ResolveIncidentReport(Soc().get(), resolve, &out).ok());
  EXPECT_EQ(api_.incidents()
                .ResolveIncidentReport(Soc().get(), resolve, &out)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(IncidentServiceTest, BadInputNamesTheFieldAndWritesNothing) {
  v1::CreateIncidentReportRequest request;
  request.set_parent(org_);
  request.mutable_incident_report()->set_title("t");
  request.mutable_incident_report()->set_severity(v1::HIGH);
  request.mutable_incident_report()->add_identities(alice_);
  request.mutable_incident_report()->add_identities(
      account_ + "/organizations/999/identities/1");
  IncidentReport out;
  grpc::Status status =
      api_.incidents().CreateIncidentReport(Soc().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "incident_report.identities[1]");

  request.mutable_incident_report()->clear_identities();
  request.mutable_incident_report()->set_severity(v1::SEVERITY_UNSPECIFIED);
  status = api_.incidents().CreateIncidentReport(Soc().get(), request, &out);
  EXPECT_EQ(testing::BadFieldOf(status), "incident_report.severity");

  v1::ListIncidentReportsRequest list;
  list.set_parent(account_);
  v1::ListIncidentReportsResponse all;
  ASSERT_TRUE(
      api_.incidents().ListIncidentReports(Soc().get(), list, &all).ok());
  EXPECT_EQ(all.incident_reports_size(), 0);
}

TEST_F(IncidentServiceTest,
       Iso10ListFiltersByResponseActionAtAccountAndOrgScope) {
  IncidentReport isolating, plain, out;
  ASSERT_TRUE(Draft(&isolating).ok());
  ASSERT_TRUE(Draft(&plain, /*isolation_worthy=*/false).ok());
  ASSERT_TRUE(Send(isolating.name(), &out).ok());
  ASSERT_TRUE(Send(plain.name(), &out).ok());
  RunWorker();
  for (const std::string& parent : {account_, org_}) {
    v1::ListIncidentReportsRequest list;
    list.set_parent(parent);
    list.set_filter("response_action = IDENTITY_DISABLED");
    v1::ListIncidentReportsResponse found;
    ASSERT_TRUE(
        api_.incidents().ListIncidentReports(Soc().get(), list, &found).ok());
    ASSERT_EQ(found.incident_reports_size(), 1) << parent;
    EXPECT_EQ(found.incident_reports(0).name(), isolating.name());
  }
  v1::ListIncidentReportsRequest bad;
  bad.set_parent(account_);
  bad.set_filter("response_action = TELEPORTED");
  v1::ListIncidentReportsResponse none;
  grpc::Status status =
      api_.incidents().ListIncidentReports(Soc().get(), bad, &none);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "filter");
}

TEST_F(IncidentServiceTest, WhoMayDoWhat) {
  IncidentReport draft, out;
  ASSERT_TRUE(Draft(&draft).ok());
  const std::string admin = UserToken(v1::ACCOUNT_ADMIN);
  const std::string reader = UserToken(v1::ACCOUNT_USER);
  const std::string org_user = UserToken(v1::ORGANIZATION_USER);
  // Only SOC analysts send.
  v1::SendIncidentReportRequest send;
  send.set_name(draft.name());
  EXPECT_EQ(api_.incidents()
                .SendIncidentReport(testing::TestServer::Context(admin).get(),
                                    send, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Send(draft.name(), &out).ok());
  // Everyone of the account reads it, the organization's user included.
  for (const std::string& token : {admin, reader, org_user}) {
    v1::GetIncidentReportRequest get;
    get.set_name(draft.name());
    EXPECT_TRUE(api_.incidents()
                    .GetIncidentReport(
                        testing::TestServer::Context(token).get(), get, &out)
                    .ok());
  }
  // Readers cannot resolve; the admin can reject (so can the SOC:
  // authorization_matrix_test).
  v1::RejectIncidentReportRequest reject;
  reject.set_name(draft.name());
  v1::ResolveIncidentReportRequest resolve;
  resolve.set_name(draft.name());
  EXPECT_EQ(api_.incidents()
                .ResolveIncidentReport(
                    testing::TestServer::Context(reader).get(), resolve, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(api_.incidents()
                  .RejectIncidentReport(
                      testing::TestServer::Context(admin).get(), reject, &out)
                  .ok());
  EXPECT_EQ(out.status(), IncidentReport::REJECTED);
}

TEST_F(IncidentServiceTest, Iso5Iso6Iso8ManualIsolationAndInboxRules) {
  core::InboxRule rule;
  rule.id = "r-fwd";
  rule.display_name = "fwd";
  rule.actions.forward_to = {"drop@evil.example"};
  ASSERT_TRUE(
      server_.world().AddInboxRule(kTenant, "alice@contoso.com", rule).ok());
  v1::IsolateIdentityRequest isolate;
  isolate.set_name(alice_);
  v1::Identity identity;
  EXPECT_EQ(api_.identities()
                .IsolateIdentity(Soc().get(), isolate, &identity)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT)
      << "a reason is required for the audit trail";
  isolate.set_reason("analyst saw token theft");
  ASSERT_TRUE(
      api_.identities().IsolateIdentity(Soc().get(), isolate, &identity).ok());
  RunWorker();
  v1::ListInboxRulesRequest list;
  list.set_parent(alice_);
  v1::ListInboxRulesResponse rules;
  ASSERT_TRUE(api_.identities().ListInboxRules(Soc().get(), list, &rules).ok());
  ASSERT_EQ(rules.inbox_rules_size(), 1);
  EXPECT_TRUE(rules.inbox_rules(0).disabled_by_cordon());
  EXPECT_THAT(rules.inbox_rules(0).suspicion(),
              ::testing::Contains("FORWARDS_OUTSIDE_TENANT"));

  v1::ReleaseIdentityRequest release;
  release.set_name(alice_);
  release.set_reason("contained");
  ASSERT_TRUE(
      api_.identities().ReleaseIdentity(Soc().get(), release, &identity).ok());
  RunWorker();
  EXPECT_EQ(Alice().isolation_state(), v1::Identity::ACTIVE);
  // ISO-5: still off until an admin asks.
  EXPECT_FALSE(
      server_.world().Rule(kTenant, "alice@contoso.com", "r-fwd")->is_enabled);
  v1::EnableInboxRuleRequest enable;
  enable.set_parent(alice_);
  enable.set_rule_id("r-fwd");
  v1::EnableInboxRuleResponse enabled;
  ASSERT_TRUE(
      api_.identities().EnableInboxRule(Soc().get(), enable, &enabled).ok());
  RunWorker();
  EXPECT_TRUE(
      server_.world().Rule(kTenant, "alice@contoso.com", "r-fwd")->is_enabled);
  enable.set_rule_id("no-such-rule");
  EXPECT_EQ(api_.identities()
                .EnableInboxRule(Soc().get(), enable, &enabled)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// Issue 8, defect 3: concurrent sends for one identity, with the outbox
// worker recording outcomes meanwhile, each lock the same identity and
// isolation rows in their own order. Every valid send succeeds (ISO-2); no
// caller sees a lock conflict, let alone the storage engine's words.
TEST_F(IncidentServiceTest, Iso2ConcurrentSendsForOneIdentityAllSucceed) {
  constexpr int kReports = 100;
  std::vector<std::string> drafts;
  for (int i = 0; i < kReports; ++i) {
    IncidentReport draft;
    ASSERT_TRUE(Draft(&draft).ok());
    drafts.push_back(draft.name());
  }
  std::atomic<bool> sending{true};
  std::thread worker([&] {
    while (sending.load()) {
      (void)server_.engine().worker().RunUntilIdle(/*max_passes=*/5);
    }
  });
  std::vector<grpc::Status> results(kReports);
  std::vector<std::thread> senders;
  for (int i = 0; i < kReports; ++i) {
    senders.emplace_back([&, i] {
      IncidentReport sent;
      results[i] = Send(drafts[i], &sent);
    });
  }
  for (std::thread& sender : senders) sender.join();
  sending.store(false);
  worker.join();
  for (int i = 0; i < kReports; ++i) {
    EXPECT_TRUE(results[i].ok()) << drafts[i] << ": " << results[i].error_code()
                                 << " " << results[i].error_message();
    EXPECT_THAT(results[i].error_message(),
                ::testing::Not(::testing::HasSubstr("Resource busy")));
  }
  RunWorker();
  const v1::Identity alice = Alice();
  EXPECT_EQ(alice.isolation().holds_size(), kReports);
  EXPECT_EQ(alice.isolation_state(), v1::Identity::ISOLATED);
}

}  // namespace incident_service_test
}  // namespace cordon
