// ISO-14, the blast-radius guard, end to end: Cordon's engine on a real
// RocksDB against the simulated Microsoft 365 world, on virtual time.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"
#include "simulator/cordon_setup.h"
#include "simulator/invariants.h"
#include "simulator/simulation.h"

namespace cordon::sim {
namespace blast_radius_simulation_test {

using cordon::v1::Escalation;
using cordon::v1::Identity;
using cordon::v1::IncidentReport;
using cordon::v1::ResponseAction;
using ::testing::IsEmpty;

constexpr char kTenant[] = "00000000-0000-0000-0000-000000000001";

// The value, or (a failed expectation and) an empty one.
template <typename T>
T Must(absl::StatusOr<T> got) {
  EXPECT_TRUE(got.ok()) << got.status();
  return got.ok() ? *std::move(got) : T();
}

class BlastRadiusTest : public ::testing::Test {
 protected:
  BlastRadiusTest() : invariants_(&sim_) {}

  // An account whose cap is `cap` (absent: the default), one organization
  // and `n` identities u0..u<n-1>.
  void SetUpAccount(absl::optional<int> cap, int n) {
    auto account = AddAccount(sim_);
    ASSERT_TRUE(account.ok()) << account.status();
    account_ = *account;
    if (cap.has_value()) {
      cordon::v1::Account patch;
      patch.set_name(account_);
      patch.mutable_settings()->set_automated_isolations_per_hour(*cap);
      google::protobuf::FieldMask mask;
      mask.add_paths("settings.automated_isolations_per_hour");
      auto updated =
          sim_.engine().accounts().Update(Simulation::Operator(), patch, mask);
      ASSERT_TRUE(updated.ok()) << updated.status();
    }
    auto org = AddOrganization(sim_, account_, {});
    ASSERT_TRUE(org.ok()) << org.status();
    org_ = *org;
    for (int i = 0; i < n; ++i) {
      auto identity = AddIdentity(sim_, org_, {.upn = Upn(i)});
      ASSERT_TRUE(identity.ok()) << identity.status();
      identities_.push_back(*identity);
    }
  }
  static std::string Upn(int i) {
    return "u" + std::to_string(i) + "@contoso.com";
  }
  std::string Send(int i) {
    auto report = SendIsolatingReport(sim_, org_, {identities_[i]});
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : "";
  }
  Identity Get(int i) { return Must(GetIdentity(sim_, identities_[i])); }
  IncidentReport Report(const std::string& name) {
    return Must(
        sim_.engine().incidents().Get(*core::ParseIncidentReportName(name)));
  }
  // The report's ISOLATION_HELD action, or an empty one.
  ResponseAction HeldAction(const std::string& report) {
    const IncidentReport read = Report(report);
    for (const ResponseAction& action : read.response_actions()) {
      if (action.kind() == ResponseAction::ISOLATION_HELD) return action;
    }
    return ResponseAction();
  }
  std::vector<Escalation> OpenCapEscalations() {
    auto open = sim_.engine().escalations().OpenEscalations(
        core::ParseAccountName(account_)->account, /*login_only=*/false);
    EXPECT_TRUE(open.ok()) << open.status();
    std::vector<Escalation> caps;
    for (const Escalation& e : open.ok() ? *open : std::vector<Escalation>()) {
      if (e.type() == cordon::v1::ISOLATION_CAP_REACHED) caps.push_back(e);
    }
    return caps;
  }
  absl::StatusOr<Escalation> Confirm(const std::string& escalation) {
    cordon::v1::EscalationAnswer answer;
    answer.set_confirm_isolations(true);
    return sim_.engine().escalation_answerer().Answer(Simulation::Operator(),
                                                      escalation, answer, "");
  }
  bool CloudEnabled(int i) {
    return sim_.world().IsCloudEnabled(kTenant, Upn(i)).value_or(true);
  }
  void Settle() {
    auto settled = sim_.Settle(absl::Hours(24));
    ASSERT_TRUE(settled.ok()) << settled.status();
    EXPECT_TRUE(*settled);
    auto violations = invariants_.Check();
    ASSERT_TRUE(violations.ok()) << violations.status();
    EXPECT_THAT(*violations, IsEmpty()) << "seed " << sim_.seed();
  }

  Simulation sim_{SimulationOptions{}};
  InvariantChecker invariants_;
  std::string account_;
  std::string org_;
  std::vector<std::string> identities_;
};

TEST_F(BlastRadiusTest, Iso14PastTheCapFromTheSettingIsHeldNotPerformed) {
  SetUpAccount(/*cap=*/3, 5);
  std::vector<std::string> reports;
  for (int i = 0; i < 5; ++i) reports.push_back(Send(i));
  Settle();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Get(i).isolation_state(), Identity::ISOLATED) << i;
    EXPECT_FALSE(CloudEnabled(i)) << i;
  }
  const std::vector<Escalation> caps = OpenCapEscalations();
  ASSERT_EQ(caps.size(), 1u);  // ESC-7: one per account
  EXPECT_EQ(caps[0].severity(), cordon::v1::CRITICAL);
  EXPECT_EQ(caps[0].identities_size(), 2);
  for (int i = 3; i < 5; ++i) {
    const Identity held = Get(i);
    EXPECT_EQ(held.isolation_state(), Identity::AWAITING_CONFIRMATION) << i;
    EXPECT_EQ(held.isolation().holds_size(), 0);
    EXPECT_EQ(held.isolation().awaiting_confirmation_size(), 1);
    EXPECT_EQ(held.isolation().confirmation_escalation(), caps[0].name());
    // No Graph call for a held isolation.
    EXPECT_TRUE(CloudEnabled(i)) << i;
    const ResponseAction action = HeldAction(reports[i]);
    EXPECT_EQ(action.outcome(), ResponseAction::PENDING);
    EXPECT_THAT(action.detail(), ::testing::HasSubstr("cap 3"));
  }
  EXPECT_EQ(HeldAction(reports[0]).kind(), ResponseAction::KIND_UNSPECIFIED);
}

TEST_F(BlastRadiusTest, Iso14OneReportAboutManyIdentitiesIsCappedInItsWrite) {
  SetUpAccount(/*cap=*/2, 4);
  auto report = SendIsolatingReport(sim_, org_, identities_);
  ASSERT_TRUE(report.ok()) << report.status();
  Settle();
  int isolated = 0;
  int held = 0;
  for (int i = 0; i < 4; ++i) {
    isolated += Get(i).isolation_state() == Identity::ISOLATED;
    held += Get(i).isolation_state() == Identity::AWAITING_CONFIRMATION;
  }
  EXPECT_EQ(isolated, 2);
  EXPECT_EQ(held, 2);
  const std::vector<Escalation> caps = OpenCapEscalations();
  ASSERT_EQ(caps.size(), 1u);
  EXPECT_EQ(caps[0].identities_size(), 2);
  ASSERT_TRUE(Confirm(caps[0].name()).ok());
  Settle();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(Get(i).isolation_state(), Identity::ISOLATED) << i;
  }
  int held_actions = 0;
  const IncidentReport read = Report(*report);
  for (const ResponseAction& action : read.response_actions()) {
    if (action.kind() != ResponseAction::ISOLATION_HELD) continue;
    ++held_actions;
    EXPECT_EQ(action.outcome(), ResponseAction::SUCCEEDED);
  }
  EXPECT_EQ(held_actions, 2);
}

TEST_F(BlastRadiusTest, Iso14ConfirmPerformsTheHeldAndRestartsTheWindow) {
  SetUpAccount(/*cap=*/2, 7);
  std::vector<std::string> reports;
  for (int i = 0; i < 4; ++i) reports.push_back(Send(i));
  Settle();
  const std::vector<Escalation> caps = OpenCapEscalations();
  ASSERT_EQ(caps.size(), 1u);
  auto confirmed = Confirm(caps[0].name());
  ASSERT_TRUE(confirmed.ok()) << confirmed.status();
  EXPECT_EQ(confirmed->status(), Escalation::RESOLVED);
  EXPECT_EQ(confirmed->resolution(), Escalation::ANSWERED);
  Settle();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(Get(i).isolation_state(), Identity::ISOLATED) << i;
    EXPECT_FALSE(CloudEnabled(i)) << i;
  }
  EXPECT_EQ(HeldAction(reports[3]).outcome(), ResponseAction::SUCCEEDED);
  const IncidentReport confirmed_report = Report(reports[3]);
  for (const ResponseAction& action : confirmed_report.response_actions()) {
    EXPECT_EQ(action.outcome(), ResponseAction::SUCCEEDED)
        << ResponseAction::Kind_Name(action.kind());
  }
  // ESC-8: a resolved escalation takes no answer.
  EXPECT_EQ(Confirm(caps[0].name()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // The window restarted at the confirmation: two more proceed, the third
  // is held again under a new escalation.
  Send(4);
  Send(5);
  Send(6);
  Settle();
  EXPECT_EQ(Get(4).isolation_state(), Identity::ISOLATED);
  EXPECT_EQ(Get(5).isolation_state(), Identity::ISOLATED);
  EXPECT_EQ(Get(6).isolation_state(), Identity::AWAITING_CONFIRMATION);
  ASSERT_EQ(OpenCapEscalations().size(), 1u);
  EXPECT_NE(OpenCapEscalations()[0].name(), caps[0].name());
}

TEST_F(BlastRadiusTest,
       Iso14RollingHourFreesPlacesButAPauseHoldsUntilConfirmed) {
  SetUpAccount(/*cap=*/1, 3);
  Send(0);
  Settle();
  ASSERT_TRUE(sim_.Advance(absl::Minutes(61)).ok());
  Send(1);  // the first no longer counts
  Settle();
  EXPECT_EQ(Get(1).isolation_state(), Identity::ISOLATED);
  Send(2);
  Settle();
  EXPECT_EQ(Get(2).isolation_state(), Identity::AWAITING_CONFIRMATION);
  // Paused: an hour later it is still held, nothing was done.
  ASSERT_TRUE(sim_.Advance(absl::Hours(2)).ok());
  EXPECT_EQ(Get(2).isolation_state(), Identity::AWAITING_CONFIRMATION);
  EXPECT_TRUE(CloudEnabled(2));
}

TEST_F(BlastRadiusTest, Iso14Iso8ManualIsolationIsNeverCapped) {
  SetUpAccount(/*cap=*/1, 4);
  Send(0);
  const std::string held_report = Send(1);  // held: the cap is 1
  for (int i : {2, 3, 1}) {
    auto isolated = sim_.engine().manual_isolation().Isolate(
        Simulation::Operator(), *core::ParseIdentityName(identities_[i]),
        "by hand");
    ASSERT_TRUE(isolated.ok()) << isolated.status();
  }
  Settle();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(Get(i).isolation_state(), Identity::ISOLATED) << i;
    EXPECT_FALSE(CloudEnabled(i)) << i;
  }
  // The report's isolation of u1 still waits for the confirmation: it adds
  // the report's hold, so resolving the report alone does not release u1.
  EXPECT_EQ(HeldAction(held_report).outcome(), ResponseAction::PENDING);
  EXPECT_EQ(Get(1).isolation().awaiting_confirmation_size(), 1);
  ASSERT_EQ(OpenCapEscalations().size(), 1u);
  ASSERT_TRUE(Confirm(OpenCapEscalations()[0].name()).ok());
  Settle();
  EXPECT_EQ(Get(1).isolation().holds_size(), 2);
  EXPECT_EQ(Get(1).isolation().awaiting_confirmation_size(), 0);
}

TEST_F(BlastRadiusTest, Iso14Iso4ReportClosedBeforeConfirmationDropsTheHold) {
  SetUpAccount(/*cap=*/1, 3);
  Send(0);
  const std::string resolved = Send(1);
  const std::string rejected = Send(2);
  Settle();
  ASSERT_EQ(Get(1).isolation_state(), Identity::AWAITING_CONFIRMATION);
  for (const auto& [report, to] :
       {std::pair{resolved, IncidentReport::RESOLVED},
        std::pair{rejected, IncidentReport::REJECTED}}) {
    auto closed = sim_.engine().incidents().Close(
        Simulation::Operator(), *core::ParseIncidentReportName(report), "", to);
    ASSERT_TRUE(closed.ok()) << closed.status();
  }
  Settle();
  for (int i : {1, 2}) {
    EXPECT_EQ(Get(i).isolation_state(), Identity::ACTIVE) << i;
    EXPECT_EQ(Get(i).isolation().awaiting_confirmation_size(), 0);
  }
  EXPECT_EQ(HeldAction(resolved).outcome(), ResponseAction::SUPERSEDED);
  EXPECT_THAT(HeldAction(rejected).detail(), ::testing::HasSubstr("rejected"));
  // Confirming performs nothing for them and resumes.
  ASSERT_EQ(OpenCapEscalations().size(), 1u);
  ASSERT_TRUE(Confirm(OpenCapEscalations()[0].name()).ok());
  Settle();
  EXPECT_TRUE(CloudEnabled(1));
  EXPECT_TRUE(CloudEnabled(2));
  EXPECT_EQ(Get(1).isolation_state(), Identity::ACTIVE);
}

// An identity excluded while its isolation was held (ISO-7): confirming
// queues nothing, the held action says so rather than SUCCEEDED, and the
// identity waits no longer.
TEST_F(BlastRadiusTest, Iso14Iso7ConfirmingAnExcludedIdentitySkipsIt) {
  SetUpAccount(/*cap=*/1, 2);
  Send(0);
  const std::string held = Send(1);
  Settle();
  ASSERT_EQ(Get(1).isolation_state(), Identity::AWAITING_CONFIRMATION);
  Identity patch;
  patch.set_name(identities_[1]);
  patch.set_excluded_from_isolation(true);
  google::protobuf::FieldMask mask;
  mask.add_paths("excluded_from_isolation");
  ASSERT_TRUE(sim_.engine()
                  .identities()
                  .Update(Simulation::Operator(), patch, mask)
                  .ok());
  const std::vector<Escalation> caps = OpenCapEscalations();
  ASSERT_EQ(caps.size(), 1u);
  ASSERT_TRUE(Confirm(caps[0].name()).ok());
  Settle();
  EXPECT_EQ(Get(1).isolation_state(), Identity::ACTIVE);
  EXPECT_TRUE(CloudEnabled(1));
  EXPECT_EQ(HeldAction(held).outcome(), ResponseAction::SUPERSEDED);
}

TEST_F(BlastRadiusTest, Iso14Iso6ManualReleaseDropsTheHeldIsolation) {
  SetUpAccount(/*cap=*/1, 2);
  Send(0);
  const std::string held_report = Send(1);
  auto released = sim_.engine().manual_isolation().Release(
      Simulation::Operator(), *core::ParseIdentityName(identities_[1]),
      "false alarm");
  ASSERT_TRUE(released.ok()) << released.status();
  EXPECT_EQ(released->isolation_state(), Identity::ACTIVE);
  EXPECT_EQ(HeldAction(held_report).outcome(), ResponseAction::SUPERSEDED);
  ASSERT_TRUE(Confirm(OpenCapEscalations()[0].name()).ok());
  Settle();
  EXPECT_TRUE(CloudEnabled(1));
}

TEST_F(BlastRadiusTest, Iso14CountAndHoldSurviveRestarts) {
  SetUpAccount(/*cap=*/2, 4);
  Send(0);
  Send(1);
  ASSERT_TRUE(sim_.CrashAndRestart().ok());
  Send(2);  // the count survived: held
  ASSERT_TRUE(sim_.CrashAndRestart().ok());
  Send(0);  // u0 again: already isolated, no new lock-out, proceeds
  Settle();
  EXPECT_EQ(Get(2).isolation_state(), Identity::AWAITING_CONFIRMATION);
  EXPECT_EQ(Get(0).isolation().holds_size(), 2);
  ASSERT_EQ(OpenCapEscalations().size(), 1u);
  ASSERT_TRUE(Confirm(OpenCapEscalations()[0].name()).ok());
  ASSERT_TRUE(sim_.CrashAndRestart().ok());
  Settle();
  EXPECT_EQ(Get(2).isolation_state(), Identity::ISOLATED);
  EXPECT_FALSE(CloudEnabled(2));
  // Not double-counted either: after the confirmation two more proceed.
  Send(3);
  Settle();
  EXPECT_EQ(Get(3).isolation_state(), Identity::ISOLATED);
}

TEST_F(BlastRadiusTest, Iso14UnauthorizedSignInIsCappedButTheAdminAnswerIsNot) {
  SetUpAccount(/*cap=*/1, 3);
  Send(0);  // the cap is used
  const uint64_t account = core::ParseAccountName(account_)->account;
  cordon::v1::AccessRule rule;
  rule.set_country("BR");
  rule.set_determination(cordon::v1::AccessRule::UNAUTHORIZED);
  ASSERT_TRUE(
      sim_.engine()
          .access_rules()
          .Create(Simulation::Operator(), {.account = account}, rule, {})
          .ok());
  auto sign_in = [&](int i, const std::string& country, const std::string& id) {
    cordon::v1::SignInEvent event;
    event.set_event_id(id);
    event.set_identity(identities_[i]);
    *event.mutable_time() = engine::ToTimestamp(sim_.clock().Now());
    event.set_country(country);
    auto recorded = sim_.engine().telemetry().RecordSignIn(
        Simulation::Operator(), *core::ParseIdentityName(identities_[i]),
        event);
    ASSERT_TRUE(recorded.ok()) << recorded.status();
  };
  sign_in(1, "BR", "e1");  // ESC-4: automated, held
  sign_in(2, "RU", "e2");  // unexpected country: a login escalation
  Settle();
  EXPECT_EQ(Get(1).isolation_state(), Identity::AWAITING_CONFIRMATION);
  auto open = sim_.engine().escalations().OpenEscalations(account, true);
  ASSERT_TRUE(open.ok() && open->size() == 1u);
  cordon::v1::EscalationAnswer answer;
  answer.set_determination(cordon::v1::AccessRule::UNAUTHORIZED);
  answer.set_scope(cordon::v1::EscalationAnswer::IDENTITY);
  ASSERT_TRUE(sim_.engine()
                  .escalation_answerer()
                  .Answer(Simulation::Operator(), (*open)[0].name(), answer, "")
                  .ok());
  Settle();
  // ESC-8: an admin decided: not capped, though the account is paused.
  EXPECT_EQ(Get(2).isolation_state(), Identity::ISOLATED);
  EXPECT_EQ(Get(1).isolation_state(), Identity::AWAITING_CONFIRMATION);
  ASSERT_TRUE(Confirm(OpenCapEscalations()[0].name()).ok());
  Settle();
  EXPECT_EQ(Get(1).isolation_state(), Identity::ISOLATED);
  EXPECT_EQ(Get(1).isolation().holds(0).kind(),
            cordon::v1::IsolationHold::ACCESS_RULE);
}

}  // namespace blast_radius_simulation_test
}  // namespace cordon::sim
