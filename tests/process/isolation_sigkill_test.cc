// Crash safety end to end: a real cordon-server isolating several
// identities in cordon-sim --serve's tenant is killed with SIGKILL at
// seeded random moments and restarted on the same data dir each time.
// Every isolation completes (ISO-3), and no effect is sent again once the
// server has recorded it SUCCEEDED: the request log has no revoke, disable
// (a PATCH the log shows setting accountEnabled false) or rule disable
// (isEnabled false) for an identity after the report showed that action
// done. There is no release in this test, so nothing may undo or redo it.
//
// CORDON_SIGKILL_KILLS (default 20) and CORDON_SIGKILL_SEED (default 1)
// set the number of kills and the seed of their moments.

#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/process/served_cordon.h"

namespace cordon::process_testing {
namespace isolation_sigkill_test {

using nlohmann::json;
using Kind = v1::ResponseAction::Kind;

constexpr int kUsers = 5;
constexpr auto kConverge = std::chrono::seconds(30);
// Kills land within this long after the previous restart.
constexpr int kMaxDelayMillis = 300;

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value == nullptr || *value == '\0' ? fallback : std::atoi(value);
}

class SigkillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TenantOptions options;
    options.users = kUsers;
    // Slow enough answers that kills land mid-isolation.
    options.faults = "latency_min: \"10ms\" latency_max: \"60ms\"";
    tenant_ = std::make_unique<ServedTenant>(directory_.path(), options);
    ASSERT_EQ(tenant_->error(), "");
    server_ = std::make_unique<CordonServer>(directory_.path() + "/data",
                                             tenant_->ServerFlags());
    ASSERT_EQ(server_->Start(), "");
    CordonApi api(server_->port(), server_->key());
    ASSERT_EQ(SetUpWalkthrough(api, *tenant_, kUsers, &walk_), "");
  }

  void SendNext() {
    CordonApi api(server_->port(), server_->key());
    const size_t user = reports_.size();
    reports_.push_back(
        api.SendReport(walk_.organization, walk_.identities[user]));
    ASSERT_NE(reports_.back(), "") << api.error();
  }

  // Reads every report, then the log's length, and marks the actions seen
  // SUCCEEDED. Returns whether an isolation action was still PENDING.
  bool Observe() {
    CordonApi api(server_->port(), server_->key());
    std::vector<std::pair<std::string, Kind>> succeeded;
    bool pending = false;
    for (size_t user = 0; user < reports_.size(); ++user) {
      const auto report = api.Report(reports_[user]);
      EXPECT_TRUE(report.has_value()) << api.error();
      if (!report.has_value()) continue;
      for (const v1::ResponseAction& action : report->response_actions()) {
        if (action.outcome() == v1::ResponseAction::SUCCEEDED) {
          succeeded.push_back({ServedTenant::Upn(user), action.kind()});
        }
        pending |= action.outcome() == v1::ResponseAction::PENDING;
      }
    }
    const size_t length = tenant_->Requests().size();
    for (const auto& key : succeeded) marks_.emplace(key, length);
    return pending;
  }

  testing::TempDir directory_;
  std::unique_ptr<ServedTenant> tenant_;
  std::unique_ptr<CordonServer> server_;
  Walkthrough walk_;
  std::vector<std::string> reports_;
  DoneMarks marks_;
};

TEST_F(SigkillTest, Iso3EveryIsolationCompletesAndNoEffectRepeatsAfterDone) {
  const int kills = EnvInt("CORDON_SIGKILL_KILLS", 20);
  std::mt19937 random(EnvInt("CORDON_SIGKILL_SEED", 1));
  std::uniform_int_distribution<int> delay(0, kMaxDelayMillis);
  int mid_isolation = 0;
  for (int kill = 0; kill < kills; ++kill) {
    // The reports go out spread over the kills.
    if (reports_.size() < kUsers &&
        kill >= static_cast<int>(reports_.size()) * kills / kUsers) {
      ASSERT_NO_FATAL_FAILURE(SendNext());
    }
    server_->Wait(Steady::now() + std::chrono::milliseconds(delay(random)));
    server_->Kill();
    ASSERT_EQ(server_->Start(), "") << "restart after kill " << kill;
    mid_isolation += Observe() ? 1 : 0;
  }
  while (reports_.size() < kUsers) ASSERT_NO_FATAL_FAILURE(SendNext());

  for (const std::string& report : reports_) {
    const auto done = WaitForActions(*server_, report, IsolationKinds(),
                                     Steady::now() + kConverge);
    ASSERT_TRUE(done && ActionsSucceeded(*done, IsolationKinds()))
        << (done ? done->DebugString() : "no report") << server_->log();
  }
  Observe();
  EXPECT_GE(mid_isolation, 1) << "no kill landed while an action was pending";

  const json requests = tenant_->Requests();
  ASSERT_TRUE(requests.is_array()) << "cannot read the request log";
  EXPECT_EQ(RepeatsAfterDone(requests, marks_), std::vector<std::string>{});
  for (int user = 0; user < kUsers; ++user) {
    const json state = tenant_->UserState(ServedTenant::Upn(user));
    EXPECT_EQ(state["sessions"], 0) << user;
    EXPECT_EQ(state["account_enabled"], false) << user;
    EXPECT_EQ(state["inbox_rules"][0]["enabled"], false) << user;
  }
  std::printf("%d kills, %d mid-isolation\n", kills, mid_isolation);
}

}  // namespace isolation_sigkill_test
}  // namespace cordon::process_testing
