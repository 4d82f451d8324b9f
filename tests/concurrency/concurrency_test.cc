// The concurrent core under real threads (docs/reliability.md,
// "ThreadSanitizer"): the outbox worker at its production parallelism, the
// synced commits of many RPCs at once (RocksDB groups their WAL syncs), and
// concurrent sends for one identity while the worker records outcomes.
// These are the tests `tools/dev.sh test --sanitize=thread` runs (label
// tsan); in the normal suite they check the same outcomes without TSan.

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/api_client.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace concurrency_test {

constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000cc";
constexpr int kProductionParallelism = 8;

// Runs `body(i)` on `count` threads at once and waits for all of them.
template <typename Body>
void OnThreads(int count, Body body) {
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) threads.emplace_back([&body, i] { body(i); });
  for (std::thread& thread : threads) thread.join();
}

class ConcurrencyTest : public ::testing::Test {
 protected:
  static testing::TestServerOptions ParallelismOptions() {
    testing::TestServerOptions options;
    options.worker_parallelism = kProductionParallelism;
    return options;
  }

  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    ASSERT_TRUE(server_.world().AddTenant({kTenant, {"contoso.com"}, ""}).ok());
    org_ = api_.CreateOrganization(account_, "Contoso", kTenant);
  }

  // A cloud identity that exists in the tenant and is signed in.
  std::string NewIdentity(const std::string& upn) {
    EXPECT_TRUE(server_.world().AddUser(kTenant, {.upn = upn}).ok());
    EXPECT_TRUE(server_.world().SignIn(kTenant, upn).ok());
    return api_.CreateIdentity(org_, upn);
  }

  // Creates an isolation-worthy CRITICAL report on `identities`, sends it
  // and returns the status of the send.
  grpc::Status ReportAndSend(const std::vector<std::string>& identities) {
    v1::CreateIncidentReportRequest create;
    create.set_parent(org_);
    v1::IncidentReport* report = create.mutable_incident_report();
    report->set_title("Token theft");
    report->set_severity(v1::CRITICAL);
    report->set_isolation_worthy(true);
    for (const std::string& name : identities) report->add_identities(name);
    v1::IncidentReport draft, sent;
    grpc::Status created =
        api_.incidents().CreateIncidentReport(api_.Soc().get(), create, &draft);
    if (!created.ok()) return created;
    v1::SendIncidentReportRequest send;
    send.set_name(draft.name());
    return api_.incidents().SendIncidentReport(api_.Soc().get(), send, &sent);
  }

  // Graph calls `operation` for `upn` that the simulated tenant answered.
  size_t GraphCalls(const std::string& operation, const std::string& upn) {
    const std::string op = absl::StrCat(" graph ", operation, " ");
    const std::string user = absl::StrCat(" upn=", upn, " ");
    return server_.log().CountIf([&](absl::string_view line) {
      return absl::StrContains(line, op) && absl::StrContains(line, user);
    });
  }

  testing::TestServer server_{ParallelismOptions()};
  testing::ApiClient api_{&server_};
  std::string account_, org_;
};

// ISO-2 at production parallelism: one report on many identities gives the
// worker passes of concurrent actions; every identity ends isolated in the
// tenant, and each action reached Graph exactly once (a recorded action is
// never performed again).
TEST_F(ConcurrencyTest, Iso2WorkerAtParallelism8IsolatesEachIdentityOnce) {
  constexpr int kIdentities = 24;  // under ISO-14's cap of 25 an hour
  std::vector<std::string> identities, upns;
  for (int i = 0; i < kIdentities; ++i) {
    upns.push_back(absl::StrCat("user", i, "@contoso.com"));
    identities.push_back(NewIdentity(upns.back()));
  }
  ASSERT_TRUE(ReportAndSend(identities).ok());
  auto handled = server_.engine().worker().RunUntilIdle();
  ASSERT_TRUE(handled.ok()) << handled.status();
  EXPECT_GE(*handled, 2 * kIdentities);
  for (int i = 0; i < kIdentities; ++i) {
    EXPECT_EQ(api_.GetIdentity(identities[i]).isolation_state(),
              v1::Identity::ISOLATED)
        << upns[i];
    EXPECT_EQ(server_.world().IsCloudEnabled(kTenant, upns[i]), false);
    EXPECT_EQ(server_.world().SessionCount(kTenant, upns[i]), 0);
    EXPECT_EQ(GraphCalls("revoke_sign_in_sessions", upns[i]), 1u) << upns[i];
    EXPECT_EQ(GraphCalls("set_account_enabled", upns[i]), 1u) << upns[i];
  }
}

// DESIGN rule 4 under load: many RPCs commit at once (RocksDB groups their
// synced WAL writes); each acknowledged write has its own id and survives a
// restart.
TEST_F(ConcurrencyTest, GroupCommitUnderConcurrentRpcsKeepsEveryAckedWrite) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 4;
  std::vector<std::vector<std::string>> names(kThreads);
  OnThreads(kThreads, [&](int t) {
    for (int i = 0; i < kPerThread; ++i) {
      names[t].push_back(api_.CreateIdentity(
          org_, absl::StrCat("t", t, "-", i, "@contoso.com")));
    }
  });
  server_.Restart();
  api_.Connect();
  std::set<std::string> distinct;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      ASSERT_FALSE(names[t][i].empty());
      distinct.insert(names[t][i]);
      EXPECT_EQ(api_.GetIdentity(names[t][i]).upn(),
                absl::StrCat("t", t, "-", i, "@contoso.com"));
    }
  }
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads * kPerThread));
}

// ISO-2, issue 8 defect 3, at production parallelism: concurrent sends for
// one identity while the worker performs and records actions meanwhile.
// Every send succeeds and every report holds the identity.
TEST_F(ConcurrencyTest, Iso2ConcurrentSendsForOneIdentityWhileWorkerRuns) {
  constexpr int kReports = 16;
  const std::string alice = NewIdentity("alice@contoso.com");
  std::atomic<bool> sending{true};
  std::thread worker([&] {
    while (sending.load()) {
      (void)server_.engine().worker().RunUntilIdle(/*max_passes=*/5);
    }
  });
  std::vector<grpc::Status> results(kReports);
  OnThreads(kReports, [&](int i) { results[i] = ReportAndSend({alice}); });
  sending.store(false);
  worker.join();
  for (const grpc::Status& result : results) {
    EXPECT_TRUE(result.ok())
        << result.error_code() << " " << result.error_message();
  }
  ASSERT_TRUE(server_.engine().worker().RunUntilIdle().ok());
  const v1::Identity held = api_.GetIdentity(alice);
  EXPECT_EQ(held.isolation().holds_size(), kReports);
  EXPECT_EQ(held.isolation_state(), v1::Identity::ISOLATED);
  EXPECT_EQ(server_.world().IsCloudEnabled(kTenant, "alice@contoso.com"),
            false);
}

}  // namespace concurrency_test
}  // namespace cordon
