// DESIGN rule 1 for escalations: kill the server between the call to the
// outside world (an e-mail, a PSA ticket) and the write that records it, at
// every such point of a notification's life, and after the restart nothing
// is lost (every round is notified and recorded) and nothing is done twice
// in a way that matters (a repeated e-mail carries the same message id, a
// repeated ticket the same reference, so the outside world keeps one).

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/engine/escalation/escalation_manager.h"
#include "simulator/cordon_setup.h"
#include "simulator/sample_psa.h"
#include "simulator/simulation.h"
#include "tests/simulation/scratch_dir.h"
#include "tests/support/raise_escalation.h"

namespace cordon::sim {
namespace escalation_crash_test {

using cordon::v1::Escalation;
using cordon::v1::EscalationNotification;
using ::testing::ElementsAre;
using ::testing::SizeIs;

constexpr char kAdminEmail[] = "ada@msp.example";

class EscalationCrashTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    SimulationOptions options;
    options.seed = 1;
    options.data_dir = dir_.path();
    sim_ = std::make_unique<Simulation>(options);
    absl::StatusOr<std::string> account = AddAccount(*sim_);
    ASSERT_TRUE(account.ok()) << account.status();
    account_ = *account;
    const uint64_t id = core::ParseAccountName(account_)->account;
    cordon::v1::User admin;
    admin.set_email(kAdminEmail);
    admin.set_display_name("Ada");
    admin.set_role(cordon::v1::ACCOUNT_ADMIN);
    ASSERT_TRUE(sim_->engine()
                    .users()
                    .Create(Simulation::Operator(), id, admin, {})
                    .ok());
    absl::StatusOr<std::string> org = AddOrganization(*sim_, account_, {});
    ASSERT_TRUE(org.ok()) << org.status();
    org_ = *org;
  }

  void ConnectPsa() {
    cordon::v1::Account patch;
    patch.set_name(account_);
    *patch.mutable_settings()->mutable_psa_integration() =
        SamplePsaIntegration(cordon::v1::PsaIntegration::HALOPSA, "SOC");
    google::protobuf::FieldMask mask;
    mask.add_paths("settings.psa_integration");
    ASSERT_TRUE(sim_->engine()
                    .accounts()
                    .Update(Simulation::Operator(), patch, mask)
                    .ok());
  }

  Escalation Raise(cordon::v1::EscalationType type,
                   const std::string& subject) {
    const core::OrganizationName org = *core::ParseOrganizationName(org_);
    engine::EscalationOccurrence occurrence;
    occurrence.account = org.account;
    occurrence.organization = org.organization;
    occurrence.type = type;
    occurrence.subject = subject;
    occurrence.event.set_subject(subject);
    occurrence.event.set_summary("seen");
    return cordon::testing::RaiseEscalation(sim_->database(), sim_->engine(),
                                            occurrence);
  }

  // Performs due actions one half-step at a time; at half-step `crash_at`
  // the action has been performed but its outcome not recorded, and the
  // server dies. Returns whether the crash point was reached.
  bool StepWithCrashAt(int crash_at, absl::Duration until) {
    const absl::Time end = sim_->clock().Now() + until;
    int half_steps = 0;
    for (int guard = 0; guard < 10000; ++guard) {
      auto performed = sim_->engine().worker().PerformNext();
      EXPECT_TRUE(performed.ok()) << performed.status();
      if (!performed.ok()) return false;
      if (!performed->has_value()) {
        absl::StatusOr<absl::optional<absl::Time>> next =
            sim_->engine().outbox().NextDue();
        if (!next.ok() || !next->has_value() || **next > end) break;
        sim_->clock().Set(**next);
        continue;
      }
      if (half_steps++ == crash_at) {
        EXPECT_TRUE(sim_->CrashAndRestart().ok());
        return true;
      }
      EXPECT_TRUE(sim_->engine().worker().RecordPerformed(**performed).ok());
    }
    return false;
  }

  Escalation Get(const std::string& name) {
    absl::StatusOr<Escalation> escalation =
        sim_->engine().escalations().Get(name);
    EXPECT_TRUE(escalation.ok()) << escalation.status();
    return escalation.value_or(Escalation());
  }

  static std::vector<int> DeliveredRounds(const Escalation& escalation) {
    std::vector<int> rounds;
    for (const EscalationNotification& n : escalation.notifications()) {
      if (n.outcome() == EscalationNotification::DELIVERED) {
        rounds.push_back(n.round());
      }
    }
    return rounds;
  }

  ScratchDir dir_;
  std::unique_ptr<Simulation> sim_;
  std::string account_, org_;
};

// A CRITICAL escalation over 30 hours: round 0 at creation, rounds 1 and 2
// at 12 h and 24 h; three timers and three e-mails, six half-steps.
TEST_P(EscalationCrashTest, Esc1EmailNotificationsSurviveACrashAtEveryPoint) {
  const Escalation raised =
      Raise(cordon::v1::HOST_ISOLATION_ORG_WIDE, "manual:crash");
  const bool crashed = StepWithCrashAt(GetParam(), absl::Hours(30));
  ASSERT_TRUE(crashed) << "crash point " << GetParam() << " not reached";
  ASSERT_TRUE(
      sim_->Advance(absl::Hours(30) -
                    (sim_->clock().Now() -
                     absl::FromUnixSeconds(raised.create_time().seconds())))
          .ok());
  const Escalation now = Get(raised.name());
  EXPECT_THAT(DeliveredRounds(now), ElementsAre(0, 1, 2));
  // What the admin's inbox holds: one message per round.
  EXPECT_THAT(sim_->mailbox().MessagesTo(kAdminEmail), SizeIs(3));
}

// A login escalation with a PSA: one ticket however the crash falls, and
// the reminder is a note on it.
TEST_P(EscalationCrashTest, Esc3PsaTicketIsNeverDuplicated) {
  ConnectPsa();
  const Escalation raised =
      Raise(cordon::v1::LOGIN_UNEXPECTED_COUNTRY, "country:BR");
  const bool crashed = StepWithCrashAt(GetParam(), absl::Hours(24 * 8));
  ASSERT_TRUE(crashed) << "crash point " << GetParam() << " not reached";
  ASSERT_TRUE(
      sim_->Advance(absl::Hours(24 * 8) -
                    (sim_->clock().Now() -
                     absl::FromUnixSeconds(raised.create_time().seconds())))
          .ok());
  const Escalation now = Get(raised.name());
  EXPECT_THAT(DeliveredRounds(now), ElementsAre(0, 1));
  ASSERT_THAT(sim_->psa().tickets(), SizeIs(1));
  EXPECT_EQ(now.psa_ticket_id(), sim_->psa().tickets()[0].id);
  EXPECT_TRUE(sim_->mailbox().messages().empty());
}

// Timer, delivery, timer, delivery, timer, delivery: every half-step.
INSTANTIATE_TEST_SUITE_P(EveryCrashPoint, EscalationCrashTest,
                         ::testing::Range(0, 4));

}  // namespace escalation_crash_test
}  // namespace cordon::sim
