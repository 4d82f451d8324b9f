// Convergence under Graph faults (DESIGN rules 1 and 3): a throttling storm
// (a low per-tenant budget of calls per minute, answered with 429 and
// Retry-After) and timeouts, some of them after the effect, while several
// identities are being isolated. The faults blow for a while, then the world
// goes quiet (FaultPlan::SetQuiet; the budget stays, it is the tenant's
// state) and everything must converge: ISOLATED, disabled, no sessions,
// rules off, with invariants holding all along, every Retry-After honoured
// and a bounded number of attempts.

#include <stdlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/isolation/retry_policy.h"
#include "server/core/resource_name.h"
#include "simulator/cordon_setup.h"
#include "simulator/invariants.h"
#include "simulator/simulation.h"
#include "tests/simulation/run_description.h"
#include "tests/simulation/scratch_dir.h"

namespace cordon::sim {
namespace fault_convergence_test {

using cordon::v1::Identity;
using cordon::v1::IncidentReport;
using cordon::v1::ResponseAction;

// Two tenants, so that one tenant's throttling is seen not to hold the other
// back, and Retry-After is checked per tenant.
struct TenantCase {
  std::string tenant_id;
  std::string domain;
  int identities;
  int64_t calls_per_minute;
};
const std::vector<TenantCase>& Tenants() {
  static const auto* tenants = new std::vector<TenantCase>{
      {"00000000-0000-0000-0000-00000000000a", "contoso.com", 4, 3},
      {"00000000-0000-0000-0000-00000000000b", "fabrikam.com", 3, 5},
  };
  return *tenants;
}
// ISO-3 for a cloud-only identity: revoke, disable, disable the rules.
constexpr int kActionsPerIdentity = 3;
// Graph calls of one attempt, at most: DISABLE_SUSPICIOUS_RULES lists the
// tenant's domains and the rules, then patches the one suspicious rule.
constexpr int kMaxCallsPerAttempt = 3;
// Attempts one action may take in these storms (core::RetryPolicy's default).
constexpr int kAttemptBudget = core::RetryPolicy().max_attempts;

// One field of an event log line; "" when absent. The fields read here never
// need quoting.
std::string Field(absl::string_view line, absl::string_view key) {
  const std::string needle = absl::StrCat(" ", key, "=");
  const size_t at = line.find(needle);
  if (at == absl::string_view::npos) return "";
  const size_t begin = at + needle.size();
  const size_t end = line.find(' ', begin);
  return std::string(line.substr(begin, end == absl::string_view::npos
                                            ? absl::string_view::npos
                                            : end - begin));
}

// A Graph call as the event log shows it.
struct GraphCall {
  absl::Time time;
  std::string event;
  std::string tenant;
  std::string upn;  // "" for calls on the tenant (domains)
  absl::optional<absl::Duration> retry_after;
  std::string line;

  // Outlook calls, throttled per app and mailbox rather than per tenant.
  bool OnMailbox() const {
    return event == "list_inbox_rules" || event == "set_inbox_rule_enabled";
  }
  // What a Retry-After told by this call holds back.
  std::string ThrottleKey() const {
    return OnMailbox() ? absl::StrCat(tenant, "/", upn) : tenant;
  }
};

std::vector<GraphCall> GraphCalls(const std::vector<std::string>& lines) {
  std::vector<GraphCall> calls;
  for (const std::string& line : lines) {
    // "t=<time> graph <event> k=v ..."
    const std::vector<absl::string_view> head =
        absl::StrSplit(line, absl::MaxSplits(' ', 3));
    if (head.size() < 3 || head[1] != "graph") continue;
    GraphCall call;
    std::string error;
    const absl::string_view time = head[0].substr(2);  // after "t="
    if (!absl::ParseTime("%Y-%m-%d%ET%H:%M:%E*SZ", time, &call.time, &error)) {
      ADD_FAILURE() << "unreadable time in: " << line << ": " << error;
      continue;
    }
    call.event = std::string(head[2]);
    call.tenant = Field(line, "tenant");
    call.upn = Field(line, "upn");
    if (const std::string retry_after = Field(line, "retry_after");
        !retry_after.empty()) {
      absl::Duration parsed;
      if (!absl::ParseDuration(retry_after, &parsed)) {
        ADD_FAILURE() << "unreadable retry_after in: " << line;
        continue;
      }
      call.retry_after = parsed;
    }
    call.line = line;
    calls.push_back(std::move(call));
  }
  return calls;
}

// DESIGN rule 1, "honouring Retry-After": once a tenant answered a directory
// call 429 (or 503) with Retry-After d at time t, Cordon sends that tenant
// nothing before t + d; once a mailbox call was told so, nothing more to that
// mailbox. Graph's budget is the application's in the tenant (directory) or
// in the mailbox (Outlook), so this holds across actions, not only for the
// action that was told: another action calling early only gets another 429
// and burns one of its bounded attempts. And a mailbox's wait holds back no
// lock-out.
std::vector<std::string> RetryAfterViolations(
    const std::vector<GraphCall>& calls) {
  std::vector<std::string> violations;
  std::map<std::string, std::pair<absl::Time, std::string>> not_before;
  for (const GraphCall& call : calls) {
    std::vector<std::string> held_by = {call.tenant};
    if (call.OnMailbox()) held_by.push_back(call.ThrottleKey());
    for (const std::string& key : held_by) {
      if (auto it = not_before.find(key);
          it != not_before.end() && call.time < it->second.first) {
        violations.push_back(absl::StrCat(
            call.line, "\n  came before ", absl::FormatTime(it->second.first),
            ", as told by:\n  ", it->second.second));
      }
    }
    if (call.retry_after.has_value()) {
      const absl::Time until = call.time + *call.retry_after;
      auto [it, inserted] =
          not_before.try_emplace(call.ThrottleKey(), until, call.line);
      if (!inserted && it->second.first < until)
        it->second = {until, call.line};
    }
  }
  return violations;
}

core::InboxRule ForwardingRule(const std::string& id) {
  core::InboxRule rule;
  rule.id = id;
  rule.display_name = "fwd";
  rule.actions.forward_to = {"drop@evil.example"};
  return rule;
}

struct Isolated {
  std::string tenant;
  std::string upn;
  std::string name;
};

// One storm: the identities of both tenants are isolated by one report each
// while faults blow for `stormy`, then the world goes quiet.
class Storm {
 public:
  explicit Storm(SimulationOptions options)
      : sim_(InDir(std::move(options), dir_)), invariants_(&sim_) {}

  Simulation& sim() { return sim_; }

  void SetUp() {
    auto account = AddAccount(sim_);
    ASSERT_TRUE(account.ok()) << account.status();
    int n = 0;
    for (const TenantCase& tenant : Tenants()) {
      OrganizationSetup org;
      org.display_name = tenant.domain;
      org.tenant_id = tenant.tenant_id;
      org.domains = {tenant.domain};
      auto organization = AddOrganization(sim_, *account, org);
      ASSERT_TRUE(organization.ok()) << organization.status();
      orgs_.push_back(*organization);
      for (int i = 0; i < tenant.identities; ++i, ++n) {
        const std::string upn = absl::StrCat("user", n, "@", tenant.domain);
        auto identity = AddIdentity(sim_, *organization, {.upn = upn});
        ASSERT_TRUE(identity.ok()) << identity.status();
        ASSERT_TRUE(sim_.world().SignIn(tenant.tenant_id, upn).ok());
        ASSERT_TRUE(sim_.world()
                        .AddInboxRule(tenant.tenant_id, upn,
                                      ForwardingRule(absl::StrCat("r", n)))
                        .ok());
        identities_.push_back({tenant.tenant_id, upn, *identity});
      }
    }
  }

  void SendReports() {
    for (size_t t = 0; t < orgs_.size(); ++t) {
      std::vector<std::string> names;
      for (const Isolated& identity : identities_) {
        if (identity.tenant == Tenants()[t].tenant_id) {
          names.push_back(identity.name);
        }
      }
      auto report = SendIsolatingReport(sim_, orgs_[t], names);
      ASSERT_TRUE(report.ok()) << report.status();
      reports_.push_back(*report);
    }
    ExpectInvariants("after the send");
  }

  // Faults blow for `duration`; invariants are checked every `step`.
  void Blow(absl::Duration duration, absl::Duration step) {
    for (absl::Duration done; done < duration; done += step) {
      ASSERT_TRUE(sim_.Advance(step).ok());
      ExpectInvariants(absl::StrCat("after ", absl::FormatDuration(done + step),
                                    " of faults"));
    }
  }

  // The quiet period: no random fault fires any more (the budget stays) and
  // everything queued must come to an end.
  void QuietAndSettle() {
    sim_.faults().SetQuiet(true);
    auto settled = sim_.Settle(absl::Hours(24));
    ASSERT_TRUE(settled.ok()) << settled.status();
    ASSERT_TRUE(*settled) << "did not settle\n" << Describe();
    ExpectInvariants("after the quiet period");
  }

  void ExpectConverged() {
    for (const Isolated& isolated : identities_) {
      auto identity = GetIdentity(sim_, isolated.name);
      ASSERT_TRUE(identity.ok()) << identity.status();
      EXPECT_EQ(identity->isolation_state(), Identity::ISOLATED)
          << isolated.upn << ": " << identity->isolation().last_failure()
          << "\n"
          << Describe();
      EXPECT_EQ(sim_.world().IsCloudEnabled(isolated.tenant, isolated.upn),
                false)
          << isolated.upn;
      EXPECT_EQ(sim_.world().SessionCount(isolated.tenant, isolated.upn), 0)
          << isolated.upn;
    }
    for (size_t n = 0; n < identities_.size(); ++n) {
      auto rule = sim_.world().Rule(identities_[n].tenant, identities_[n].upn,
                                    absl::StrCat("r", n));
      ASSERT_TRUE(rule.has_value());
      EXPECT_FALSE(rule->is_enabled) << identities_[n].upn;
    }
    for (const std::string& name : reports_) {
      auto report =
          sim_.engine().incidents().Get(*core::ParseIncidentReportName(name));
      ASSERT_TRUE(report.ok()) << report.status();
      for (const ResponseAction& action : report->response_actions()) {
        EXPECT_EQ(action.outcome(), ResponseAction::SUCCEEDED)
            << ResponseAction::Kind_Name(action.kind()) << " "
            << action.identity() << ": " << action.detail() << "\n"
            << Describe();
      }
    }
  }

  // Every Retry-After honoured, per tenant.
  void ExpectRetryAfterHonoured() {
    const std::vector<GraphCall> calls = GraphCalls(sim_.log().lines());
    int told = 0;
    for (const GraphCall& call : calls) told += call.retry_after.has_value();
    EXPECT_GT(told, 0) << "the storm never throttled: it proves nothing";
    const std::vector<std::string> violations = RetryAfterViolations(calls);
    const size_t shown = std::min<size_t>(violations.size(), 3);
    EXPECT_EQ(violations.size(), 0u)
        << "calls before the Retry-After their tenant named, the first "
        << shown << ":\n"
        << absl::StrJoin(
               violations.begin(),
               violations.begin() + static_cast<std::ptrdiff_t>(shown), "\n")
        << "\n"
        << Describe();
  }

  // Attempts are bounded, and a storm does not eat them: with Retry-After
  // honoured per tenant, a throttled window costs an action at most the one
  // call that found it, so every action stays within kAttemptBudget — the
  // core retry policy's default, whatever larger budget the worker is
  // configured with. The run's Graph calls are bounded accordingly.
  // Returns the most attempts any action took.
  int ExpectBoundedAttempts() {
    int actions = 0;
    int most = 0;
    for (const std::string& name : reports_) {
      auto report =
          sim_.engine().incidents().Get(*core::ParseIncidentReportName(name));
      EXPECT_TRUE(report.ok()) << report.status();
      if (!report.ok()) return most;
      for (const ResponseAction& action : report->response_actions()) {
        ++actions;
        most = std::max(most, action.attempts());
        EXPECT_GE(action.attempts(), 1);
        EXPECT_LE(action.attempts(), kAttemptBudget)
            << action.identity() << " " << action.detail() << "\n"
            << Describe();
      }
    }
    EXPECT_EQ(actions,
              kActionsPerIdentity * static_cast<int>(identities_.size()));
    const int calls = static_cast<int>(GraphCalls(sim_.log().lines()).size());
    EXPECT_LE(calls, actions * kAttemptBudget * kMaxCallsPerAttempt);
    return most;
  }

  // Lost answers and retries never turn into an enable (ISO-4, ISO-5).
  void ExpectNoEnable() {
    EXPECT_EQ(sim_.log().CountIf([](absl::string_view line) {
      return absl::StrContains(line, " graph set_") &&
             absl::StrContains(line, " enabled=true");
    }),
              0u)
        << Describe();
  }

  void ExpectInvariants(absl::string_view when) {
    ExpectNoViolations(invariants_, when, [this] { return Describe(); });
  }

  std::string Describe() { return DescribeRun(sim_); }

 private:
  ScratchDir dir_;  // outlives sim_
  Simulation sim_;
  InvariantChecker invariants_;
  std::vector<std::string> orgs_;
  std::vector<Isolated> identities_;
  std::vector<std::string> reports_;
};

// Throttling budgets per tenant, plus 429s, timeouts and timeouts after the
// effect drawn at `error_rate` on every Graph call.
SimulationOptions StormOptions(uint64_t seed, double error_rate, bool buggify) {
  SimulationOptions options;
  options.seed = seed;
  for (const TenantCase& tenant : Tenants()) {
    options.faults.tenant_calls_per_minute[tenant.tenant_id] =
        tenant.calls_per_minute;
  }
  ErrorMix mix;
  mix.throttled = 1;
  mix.unavailable = 0;
  mix.concurrency_violation = 0;
  mix.internal_error = 0;
  mix.timeout = 1;
  mix.timeout_after_effect = 1;
  for (Operation operation : kAllOperations) {
    if (!IsGraphOperation(operation)) continue;
    options.faults.For(operation) = {.error_rate = error_rate, .mix = mix};
  }
  options.faults.retry_after_min = absl::Seconds(1);
  options.faults.retry_after_max = absl::Seconds(30);
  options.faults.buggify.enabled = buggify;
  return options;
}

TEST(FaultConvergenceTest, ThrottlingStormAndTimeoutsConvergeAfterTheQuiet) {
  Storm storm(StormOptions(/*seed=*/7, /*error_rate=*/0.3, false));
  ASSERT_NO_FATAL_FAILURE(storm.SetUp());
  ASSERT_NO_FATAL_FAILURE(storm.SendReports());
  ASSERT_NO_FATAL_FAILURE(
      storm.Blow(absl::Minutes(4), /*step=*/absl::Seconds(5)));
  ASSERT_NO_FATAL_FAILURE(storm.QuietAndSettle());
  ASSERT_NO_FATAL_FAILURE(storm.ExpectConverged());
  storm.ExpectRetryAfterHonoured();
  std::cout << "most attempts of one action: " << storm.ExpectBoundedAttempts()
            << "\n";
  storm.ExpectNoEnable();
  // The storm did what it is for: calls were refused by the budget, and at
  // least one took effect while its answer was lost.
  EXPECT_GT(storm.sim().log().Count(" source=throttle "), 0u);
  EXPECT_GT(storm.sim().log().Count(" fault=timeout_after_effect "), 0u);
}

TEST(FaultConvergenceTest, BuggifySeedsConvergeAfterTheQuiet) {
  constexpr uint64_t kFirstSeed = 1;
  constexpr uint64_t kLastSeed = 30;
  int most_attempts = 0;
  for (uint64_t seed = kFirstSeed; seed <= kLastSeed; ++seed) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    Storm storm(StormOptions(seed, /*error_rate=*/0.1, /*buggify=*/true));
    ASSERT_NO_FATAL_FAILURE(storm.SetUp());
    ASSERT_NO_FATAL_FAILURE(storm.SendReports());
    ASSERT_NO_FATAL_FAILURE(
        storm.Blow(absl::Minutes(3), /*step=*/absl::Seconds(15)));
    ASSERT_NO_FATAL_FAILURE(storm.QuietAndSettle());
    ASSERT_NO_FATAL_FAILURE(storm.ExpectConverged());
    storm.ExpectRetryAfterHonoured();
    most_attempts = std::max(most_attempts, storm.ExpectBoundedAttempts());
    storm.ExpectNoEnable();
    if (::testing::Test::HasFailure()) {
      std::cout << "failing seed: " << seed << "\n";
      return;
    }
  }
  std::cout << "BUGGIFY seeds run: " << kFirstSeed << ".." << kLastSeed
            << ", most attempts of one action: " << most_attempts << "\n";
}

}  // namespace fault_convergence_test
}  // namespace cordon::sim
