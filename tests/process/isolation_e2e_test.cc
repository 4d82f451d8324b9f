// End to end over real processes and real HTTPS: cordon-sim --serve holds
// a simulated Microsoft 365 tenant, a real cordon-server is pointed at it
// with the --graph_* flags, and the test drives it through gRPC the way
// the README's isolation walk-through does. An isolation-worthy report
// isolates the identity in the tenant (ISO-2, ISO-3); resolving re-enables
// it and leaves the disabled forwarding rule off (ISO-4, ISO-5). With the
// client secret and with the certificate credential; under a storm of
// 429s with Retry-After and 5xx answers, which isolation rides out; and
// with the tenant's consent withdrawn (AADSTS), which raises the escalation.

#include <functional>
#include <string>

#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/process/served_cordon.h"

namespace cordon::process_testing {
namespace isolation_e2e_test {

using nlohmann::json;

constexpr auto kConverge = std::chrono::seconds(40);

// The rule `id` in a /_sim/users state, or null.
json RuleIn(const json& state, const std::string& id) {
  for (const json& rule : state.value("inbox_rules", json::array())) {
    if (rule.value("id", "") == id) return rule;
  }
  return nullptr;
}

int CountMatching(const json& requests,
                  const std::function<bool(const json&)>& match) {
  int count = 0;
  for (const json& request : requests) count += match(request) ? 1 : 0;
  return count;
}

// Sends the report, waits for the isolation, checks the tenant, resolves,
// waits for the release and checks the tenant and the request log again.
// `log` (if not null) gets the request log as it stood once the identity
// was isolated.
void IsolateThenResolve(const TenantOptions& options, json* log) {
  testing::TempDir directory;
  ServedTenant tenant(directory.path(), options);
  ASSERT_EQ(tenant.error(), "");
  CordonServer server(directory.path() + "/data", tenant.ServerFlags());
  ASSERT_EQ(server.Start(), "");
  CordonApi api(server.port(), server.key());
  Walkthrough walk;
  ASSERT_EQ(SetUpWalkthrough(api, tenant, 1, &walk), "");
  const std::string upn = ServedTenant::Upn(0);
  ASSERT_EQ(tenant.UserState(upn)["sessions"], 2);

  std::string report;
  ASSERT_EQ(IsolateFirst(server, api, walk, &report), "");
  json state = tenant.UserState(upn);
  EXPECT_EQ(state["sessions"], 0);             // ISO-3: revoked
  EXPECT_EQ(state["account_enabled"], false);  // ISO-3: disabled
  EXPECT_EQ(RuleIn(state, ForwardRule(0))["enabled"], false);

  const json requests = tenant.Requests();
  EXPECT_TRUE(requests.is_array()) << "cannot read the request log";
  if (log != nullptr) *log = requests;
  EXPECT_GE(
      CountMatching(requests,
                    [](const json& r) {
                      return r["method"] == "POST" && r["status"] == 200 &&
                             r["path"].get<std::string>().find(
                                 "/oauth2/v2.0/token") != std::string::npos;
                    }),
      1)
      << requests.dump();
  for (const auto kind : IsolationKinds()) {
    EXPECT_GE(CountMatching(requests,
                            [&](const json& r) {
                              return IsEffectOn(r, upn, kind) &&
                                     r["status"] < 300;
                            }),
              1)
        << v1::ResponseAction::Kind_Name(kind) << requests.dump();
  }

  ASSERT_TRUE(api.Resolve(report)) << api.error();
  auto released =
      WaitForActions(server, report, {v1::ResponseAction::IDENTITY_RE_ENABLED},
                     Steady::now() + kConverge);
  ASSERT_TRUE(
      released &&
      ActionsSucceeded(*released, {v1::ResponseAction::IDENTITY_RE_ENABLED}))
      << (released ? released->DebugString() : api.error());
  state = tenant.UserState(upn);
  EXPECT_EQ(state["account_enabled"], true);                   // ISO-4
  EXPECT_EQ(RuleIn(state, ForwardRule(0))["enabled"], false);  // ISO-5
  // The log says so too: a PATCH re-enabled the account after the isolation,
  // and none ever turned a rule back on.
  const json after = tenant.Requests();
  ASSERT_TRUE(after.is_array()) << "cannot read the request log";
  int re_enabled = 0;
  for (size_t i = requests.size(); i < after.size(); ++i) {
    re_enabled +=
        IsEffectOn(after[i], upn, v1::ResponseAction::IDENTITY_RE_ENABLED) &&
        after[i]["status"] < 300;
  }
  EXPECT_GE(re_enabled, 1) << after.dump();
  EXPECT_EQ(
      CountMatching(after,
                    [&](const json& r) { return EnablesAnInboxRule(r, upn); }),
      0)
      << after.dump();
}

class IsolationE2eTest : public ::testing::TestWithParam<Credential> {};

TEST_P(IsolationE2eTest, Iso3IsolatesOverHttpsThenIso4Iso5ReleaseKeepsRuleOff) {
  TenantOptions options;
  options.credential = GetParam();
  IsolateThenResolve(options, nullptr);
}

INSTANTIATE_TEST_SUITE_P(Credentials, IsolationE2eTest,
                         ::testing::Values(Credential::kSecret,
                                           Credential::kCertificate),
                         [](const auto& info) {
                           return info.param == Credential::kSecret
                                      ? "ClientSecret"
                                      : "Certificate";
                         });

// ISO-11: a 429 storm (Retry-After 1 s) on every Graph effect and 5xx
// answers on the reads; isolation still converges.
TEST(IsolationE2eFaultsTest, Iso11IsolationConvergesThrough429StormAnd5xx) {
  TenantOptions options;
  options.faults = R"(
    retry_after_seconds: 1
    scripted { method: "POST" path_regex: ".*/revokeSignInSessions" nth: 1 status: 429 retry_after_seconds: 1 }
    scripted { method: "POST" path_regex: ".*/revokeSignInSessions" nth: 2 status: 503 retry_after_seconds: 1 }
    scripted { method: "PATCH" path_regex: "/v1.0/users/[^/]+" nth: 1 status: 429 retry_after_seconds: 1 }
    scripted { method: "PATCH" path_regex: "/v1.0/users/[^/]+" nth: 2 status: 429 retry_after_seconds: 1 }
    scripted { method: "PATCH" path_regex: "/v1.0/users/[^/]+" nth: 3 status: 500 }
    scripted { method: "GET" path_regex: ".*/messageRules" nth: 1 status: 502 }
    scripted { method: "PATCH" path_regex: ".*/messageRules/.*" nth: 1 status: 429 retry_after_seconds: 1 }
  )";
  json log;
  IsolateThenResolve(options, &log);
  // The storm did happen: the scripted answers were served and retried.
  EXPECT_GE(
      CountMatching(log, [](const json& r) { return r["status"] == 429; }), 4)
      << log.dump();
  EXPECT_GE(
      CountMatching(log, [](const json& r) { return r["status"] >= 500; }), 3)
      << log.dump();
}

// The account's INTEGRATION_M365_INACCESSIBLE escalations once `done`
// holds for them, or what was last read at `deadline`.
std::vector<v1::Escalation> WaitForInaccessible(
    CordonServer& server, CordonApi& api, const std::string& account,
    const std::function<bool(const std::vector<v1::Escalation>&)>& done) {
  const auto deadline = Steady::now() + kConverge;
  std::vector<v1::Escalation> found;
  while (Steady::now() < deadline) {
    found.clear();
    for (const v1::Escalation& e :
         api.Escalations(account).value_or(std::vector<v1::Escalation>())) {
      if (e.type() == v1::INTEGRATION_M365_INACCESSIBLE) found.push_back(e);
    }
    if (done(found)) break;
    server.Wait(
        std::min(deadline, Steady::now() + std::chrono::milliseconds(20)));
  }
  return found;
}

// ESC-2 / ESC-8 over real processes: consent is withdrawn (the token
// endpoint answers AADSTS700016) and the server restarts, so it holds no
// token. The report's isolation fails with the code, one CRITICAL
// INTEGRATION_M365_INACCESSIBLE escalation is raised; once the tenant is
// fixed, the admin's "retry access" re-tests it and resolves it.
TEST(IsolationE2eFaultsTest, Esc2AadstsRaisesM365InaccessibleAndRetryResolves) {
  testing::TempDir directory;
  ServedTenant tenant(directory.path(), TenantOptions());
  ASSERT_EQ(tenant.error(), "");
  CordonServer server(directory.path() + "/data", tenant.ServerFlags());
  ASSERT_EQ(server.Start(), "");
  Walkthrough walk;
  {
    CordonApi api(server.port(), server.key());
    ASSERT_EQ(SetUpWalkthrough(api, tenant, 1, &walk), "");
  }
  ASSERT_TRUE(tenant.SetTenantAadsts("AADSTS700016"));
  server.Kill();  // the cached token goes with the process
  ASSERT_EQ(server.Start(), "");
  CordonApi api(server.port(), server.key());

  const std::string report =
      api.SendReport(walk.organization, walk.identities[0]);
  ASSERT_NE(report, "") << api.error();
  std::vector<v1::Escalation> raised = WaitForInaccessible(
      server, api, walk.account,
      [](const std::vector<v1::Escalation>& found) { return !found.empty(); });
  ASSERT_EQ(raised.size(), 1u) << server.log();
  EXPECT_EQ(raised[0].severity(), v1::CRITICAL);
  bool names_code = false;
  for (const v1::EscalationEvent& event : raised[0].events()) {
    names_code |= event.summary().find("AADSTS700016") != std::string::npos;
  }
  EXPECT_TRUE(names_code) << raised[0].DebugString();
  const auto sent = api.Report(report);
  ASSERT_TRUE(sent.has_value()) << api.error();
  for (const v1::ResponseAction& action : sent->response_actions()) {
    EXPECT_NE(action.outcome(), v1::ResponseAction::SUCCEEDED)
        << action.DebugString();
  }
  EXPECT_EQ(tenant.UserState(ServedTenant::Upn(0))["account_enabled"], true);

  ASSERT_TRUE(tenant.SetTenantAadsts(""));
  ASSERT_TRUE(api.AnswerRetryAccess(raised[0].name())) << api.error();
  const std::vector<v1::Escalation> after = WaitForInaccessible(
      server, api, walk.account, [](const std::vector<v1::Escalation>& found) {
        return found.size() == 1 &&
               found[0].status() == v1::Escalation::RESOLVED;
      });
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].status(), v1::Escalation::RESOLVED)
      << after[0].DebugString();
}

}  // namespace isolation_e2e_test
}  // namespace cordon::process_testing
