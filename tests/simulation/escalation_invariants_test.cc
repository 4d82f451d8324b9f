// The escalation invariants of simulator/invariants.h hold in a normal run
// and catch the states they are about: an escalation notified by both
// channels (ESC-3) and one left un-notified past its period (ESC-1).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/escalation/escalation_name.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"
#include "simulator/cordon_setup.h"
#include "simulator/invariants.h"
#include "simulator/simulation.h"
#include "tests/simulation/scratch_dir.h"

namespace cordon::sim {
namespace escalation_invariants_test {

using cordon::v1::Escalation;
using cordon::v1::EscalationNotification;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class EscalationInvariantsTest : public ::testing::Test {
 protected:
  EscalationInvariantsTest() : sim_(InDir({}, dir_)), invariants_(&sim_) {}

  void SetUp() override {
    absl::StatusOr<std::string> account = AddAccount(sim_);
    ASSERT_TRUE(account.ok()) << account.status();
    account_ = *core::ParseAccountName(*account);
    cordon::v1::User admin;
    admin.set_email("ada@msp.example");
    admin.set_display_name("Ada");
    admin.set_role(cordon::v1::ACCOUNT_ADMIN);
    ASSERT_TRUE(sim_.engine()
                    .users()
                    .Create(Simulation::Operator(), account_.account, admin, {})
                    .ok());
    absl::StatusOr<std::string> org = AddOrganization(sim_, *account, {});
    ASSERT_TRUE(org.ok()) << org.status();
    org_ = *core::ParseOrganizationName(*org);
  }

  // A CRITICAL org-wide host isolation escalation (12 h period), opened now.
  std::string RaiseCritical(const std::string& subject = "org-wide-isolation") {
    engine::EscalationOccurrence occurrence;
    occurrence.account = org_.account;
    occurrence.organization = org_.organization;
    occurrence.type = cordon::v1::HOST_ISOLATION_ORG_WIDE;
    occurrence.subject = subject;
    occurrence.event.set_subject("ep-1");
    occurrence.event.set_summary("isolated");
    std::unique_ptr<store::Transaction> txn = sim_.database().Begin();
    absl::StatusOr<Escalation> raised =
        sim_.engine().escalations().Raise(*txn, occurrence);
    EXPECT_TRUE(raised.ok()) << raised.status();
    EXPECT_TRUE(txn->Commit().ok());
    return raised.ok() ? raised->name() : "";
  }

  // Rewrites a stored escalation, as a bug in the engine might.
  void Tamper(const std::string& name,
              const std::function<void(Escalation*)>& change) {
    std::unique_ptr<store::Transaction> txn = sim_.database().Begin();
    absl::StatusOr<Escalation> locked = sim_.engine().escalations().Lock(
        *txn, *core::ParseEscalationName(name));
    ASSERT_TRUE(locked.ok()) << locked.status();
    change(&*locked);
    ASSERT_TRUE(sim_.engine().escalations().Write(*txn, &*locked).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }

  // Drops the escalation's queued notice timers: the re-notification chain
  // is lost.
  void DropNoticeTimers() {
    absl::StatusOr<std::vector<engine::QueuedAction>> queued =
        sim_.engine().outbox().Due(absl::InfiniteFuture(), 1000);
    ASSERT_TRUE(queued.ok()) << queued.status();
    std::unique_ptr<store::Transaction> txn = sim_.database().Begin();
    for (const engine::QueuedAction& action : *queued) {
      if (action.action.kind() ==
          cordon::store::OutboxAction::ESCALATION_NOTICE_DUE) {
        ASSERT_TRUE(sim_.engine().outbox().Take(*txn, action.key).ok());
      }
    }
    ASSERT_TRUE(txn->Commit().ok());
  }

  std::vector<std::string> Violations() {
    absl::StatusOr<std::vector<std::string>> violations = invariants_.Check();
    EXPECT_TRUE(violations.ok()) << violations.status();
    return violations.ok() ? *violations : std::vector<std::string>{"error"};
  }

  ScratchDir dir_;
  Simulation sim_;
  InvariantChecker invariants_;
  core::AccountName account_;
  core::OrganizationName org_;
};

TEST_F(EscalationInvariantsTest, HoldForACriticalEscalationLeftUnanswered) {
  RaiseCritical();
  // Opened now; its first notification waits for the worker.
  EXPECT_THAT(Violations(), IsEmpty());
  for (int hour = 0; hour < 40; ++hour) {
    ASSERT_TRUE(sim_.Advance(absl::Hours(1)).ok());
    EXPECT_THAT(Violations(), IsEmpty()) << "after " << hour + 1 << " h";
  }
}

TEST_F(EscalationInvariantsTest, OnTheGridOnlyRoundsBeforeNowAreRequired) {
  RaiseCritical();
  ASSERT_TRUE(sim_.RunUntilIdle().ok());
  // The clock reaches round 1's time; the worker has not run yet.
  sim_.clock().Advance(absl::Hours(12));
  EXPECT_THAT(Violations(), IsEmpty());
  ASSERT_TRUE(sim_.RunUntilIdle().ok());
  EXPECT_THAT(Violations(), IsEmpty());
}

TEST_F(EscalationInvariantsTest, AnEscalationNeverNotifiedIsAViolation) {
  RaiseCritical();
  // Time passes without the worker: round 0 is an hour late.
  sim_.clock().Advance(absl::Hours(1));
  std::vector<std::string> violations = Violations();
  ASSERT_THAT(violations,
              ElementsAre(HasSubstr("no notification for round 0")));
  EXPECT_THAT(violations[0], HasSubstr("HOST_ISOLATION_ORG_WIDE"));
}

TEST_F(EscalationInvariantsTest, ALostReNotificationChainIsAViolation) {
  RaiseCritical();
  ASSERT_TRUE(sim_.RunUntilIdle().ok());
  DropNoticeTimers();
  ASSERT_TRUE(sim_.Advance(absl::Hours(13)).ok());
  EXPECT_THAT(Violations(),
              ElementsAre(HasSubstr("no notification for round 1")));
}

TEST_F(EscalationInvariantsTest, AnsweredAndResolvedEscalationsAreExempt) {
  const std::string answered = RaiseCritical("manual:1");
  const std::string resolved = RaiseCritical("manual:2");
  ASSERT_TRUE(sim_.RunUntilIdle().ok());
  cordon::v1::EscalationAnswer acknowledge;
  acknowledge.set_acknowledge(true);
  absl::StatusOr<Escalation> answer =
      sim_.engine().escalation_answerer().Answer(Simulation::Operator(),
                                                 answered, acknowledge, "");
  ASSERT_TRUE(answer.ok()) << answer.status();
  std::unique_ptr<store::Transaction> txn = sim_.database().Begin();
  ASSERT_TRUE(sim_.engine()
                  .escalations()
                  .Resolve(*txn, resolved, Escalation::DISMISSED,
                           Simulation::Operator())
                  .ok());
  ASSERT_TRUE(txn->Commit().ok());
  // Neither is re-notified any more; neither is required to be.
  DropNoticeTimers();
  ASSERT_TRUE(sim_.Advance(absl::Hours(30)).ok());
  EXPECT_THAT(Violations(), IsEmpty());
}

TEST_F(EscalationInvariantsTest,
       AnEscalationNotifiedByBothChannelsIsAViolation) {
  const std::string name = RaiseCritical();
  ASSERT_TRUE(sim_.RunUntilIdle().ok());
  EXPECT_THAT(Violations(), IsEmpty());
  Tamper(name, [&](Escalation* escalation) {
    ASSERT_EQ(escalation->delivery_channel(), EscalationNotification::EMAIL);
    EscalationNotification* psa = escalation->add_notifications();
    psa->set_channel(EscalationNotification::PSA);
    psa->set_recipient("psa:Security");
    *psa->mutable_time() = engine::ToTimestamp(sim_.clock().Now());
    psa->set_outcome(EscalationNotification::DELIVERED);
    psa->set_round(0);
  });
  EXPECT_THAT(Violations(),
              ElementsAre(HasSubstr("notified by more than one channel")));
}

TEST_F(EscalationInvariantsTest,
       ANotificationOffItsDeliveryChannelIsAViolation) {
  const std::string name = RaiseCritical();
  ASSERT_TRUE(sim_.RunUntilIdle().ok());
  Tamper(name, [](Escalation* escalation) {
    escalation->set_delivery_channel(EscalationNotification::PSA);
  });
  EXPECT_THAT(Violations(),
              ElementsAre(HasSubstr("notified by more than one channel")));
}

}  // namespace escalation_invariants_test
}  // namespace cordon::sim
