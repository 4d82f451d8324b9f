#include "simulator/convergence.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "server/store/keys.h"
#include "simulator/expectation_recorder.h"

namespace cordon::sim {
namespace {

using cordon::store::IsolationRecord;
using cordon::v1::Escalation;
using cordon::v1::EscalationNotification;
using cordon::v1::Identity;

// A run of the swarm has tens of identities; the bound only keeps a broken
// store from looping.
constexpr int kMaxRowsRead = 100000;

// Every row of `family`, parsed; DATA_LOSS at one that does not parse.
template <typename Message>
absl::StatusOr<std::vector<Message>> AllRows(const store::Database& db,
                                             store::Family family) {
  std::vector<Message> rows;
  bool parsed = true;
  CORDON_RETURN_IF_ERROR(
      db.Scan(family, "", "", /*reverse=*/false,
              [&](absl::string_view, absl::string_view value) {
                rows.emplace_back();
                parsed = rows.back().ParseFromArray(
                    value.data(), static_cast<int>(value.size()));
                return parsed && rows.size() < kMaxRowsRead;
              }));
  if (!parsed) return absl::DataLossError("a row does not parse");
  return rows;
}

// Checks of one identity against its isolation record and the world.
class IdentityConvergence {
 public:
  IdentityConvergence(const Identity& identity, const IsolationRecord& record,
                      const std::string& tenant, World& world,
                      ExpectationRecorder& recorder)
      : identity_(identity),
        record_(record),
        tenant_(tenant),
        world_(world),
        recorder_(recorder),
        who_(absl::StrCat("converged ", identity.name(), " (", identity.upn(),
                          ")")) {}

  // Returns how many checks failed.
  int Check() {
    const Identity::IsolationState state = identity_.isolation_state();
    Expect("at rest",
           record_.pending_isolate() == 0 && record_.pending_release() == 0 &&
               state != Identity::ISOLATING,
           "an isolation or release is still in flight");
    if (record_.holds_size() > 0) {
      Expect("held: ISOLATED or LIMITED",
             state == Identity::ISOLATED || state == Identity::LIMITED,
             "held but not isolated");
    } else {
      Expect("not held: ACTIVE, or RELEASING with its failure shown",
             state == Identity::ACTIVE || (state == Identity::RELEASING &&
                                           !record_.last_failure().empty()),
             "not held but neither released nor failing visibly");
    }
    if (state == Identity::ISOLATED) CheckIsolatedInWorld();
    if (state == Identity::ACTIVE) CheckReleasedInWorld();
    return failures_;
  }

 private:
  // Only what fails is recorded: CheckIdentities sums up the rest.
  void Expect(const std::string& what, bool met, const std::string& why) {
    if (met) return;
    ++failures_;
    recorder_.Record(
        absl::StrCat(who_, " ", what), met,
        absl::StrCat(why, " (",
                     Identity::IsolationState_Name(identity_.isolation_state()),
                     ", ", record_.holds_size(), " holds)"));
  }

  // ISO-3: disabled, every session ended; ISO-9: on-prem too where Cordon
  // disabled it through the agent.
  void CheckIsolatedInWorld() {
    const std::string& upn = identity_.upn();
    const absl::optional<bool> cloud = world_.IsCloudEnabled(tenant_, upn);
    Expect("ISOLATED: cloud account disabled", cloud == false,
           absl::StrCat("accountEnabled is ", OptionalBool(cloud)));
    if (record_.on_prem_disabled()) {
      const absl::optional<bool> on_prem = world_.IsOnPremEnabled(tenant_, upn);
      Expect("ISOLATED: on-prem account disabled", on_prem == false,
             absl::StrCat("on-prem enabled is ", OptionalBool(on_prem)));
    }
  }

  // ISO-4/ISO-6: released = enabled again, unless an admin disabled it.
  void CheckReleasedInWorld() {
    const std::string& upn = identity_.upn();
    if (world_.IsDisabledByAdmin(tenant_, upn) == true) return;
    const absl::optional<bool> cloud = world_.IsCloudEnabled(tenant_, upn);
    Expect("ACTIVE: cloud account enabled", cloud != false,
           "accountEnabled is false");
    const absl::optional<bool> on_prem = world_.IsOnPremEnabled(tenant_, upn);
    Expect("ACTIVE: on-prem account enabled", on_prem != false,
           "the on-prem account is disabled");
  }

  const Identity& identity_;
  const IsolationRecord& record_;
  const std::string& tenant_;
  World& world_;
  ExpectationRecorder& recorder_;
  const std::string who_;
  int failures_ = 0;
};

absl::Status CheckIdentities(Simulation& sim, ExpectationRecorder& recorder) {
  CORDON_ASSIGN_OR_RETURN(
      std::vector<Identity> identities,
      AllRows<Identity>(sim.database(), store::Family::kIdentities));
  int checked = 0;
  int failures = 0;
  for (const Identity& identity : identities) {
    if (identity.deleted_in_tenant()) continue;  // ISO-12: never acted on
    ++checked;
    CORDON_ASSIGN_OR_RETURN(core::IdentityName name,
                            core::ParseIdentityName(identity.name()));
    CORDON_ASSIGN_OR_RETURN(
        std::string org_row,
        sim.database().Get(store::Family::kOrganizations,
                           store::KeyOf({name.account, name.organization})));
    cordon::v1::Organization org;
    if (!org.ParseFromString(org_row)) {
      return absl::DataLossError("organization does not parse");
    }
    CORDON_ASSIGN_OR_RETURN(IsolationRecord record,
                            sim.engine().isolation().Read(name));
    failures += IdentityConvergence(identity, record, org.m365_tenant_id(),
                                    sim.world(), recorder)
                    .Check();
  }
  if (failures == 0) {
    recorder.Record("converged: every identity at rest, as the world shows",
                    true, absl::StrCat(checked, " identities"));
  }
  return absl::OkStatus();
}

// ISO-11/ISO-15: everything Cordon decided has been performed.
absl::Status CheckNothingLeftToDo(Simulation& sim,
                                  ExpectationRecorder& recorder) {
  const absl::Time now = sim.clock().Now();
  CORDON_ASSIGN_OR_RETURN(std::vector<engine::QueuedAction> due,
                          sim.engine().outbox().Due(now, 1));
  recorder.Record("converged: no outbox action due now", due.empty(),
                  due.empty() ? "" : due.front().action.ShortDebugString());
  CORDON_ASSIGN_OR_RETURN(absl::optional<absl::Time> work,
                          sim.engine().outbox().NextDueWork());
  recorder.Record(
      "converged: no work queued beyond notice timers", !work.has_value(),
      work.has_value() ? absl::StrCat("work due at ", absl::FormatTime(*work))
                       : "");
  CORDON_ASSIGN_OR_RETURN(
      std::vector<cordon::store::AgentCommandRecord> commands,
      sim.engine().agent_commands().AllPending(1));
  recorder.Record("converged: no agent command waiting", commands.empty(),
                  commands.empty() ? "" : commands.front().ShortDebugString());
  return absl::OkStatus();
}

// ESC-9: every notification sent has its outcome.
absl::Status CheckNotificationsFinal(Simulation& sim,
                                     ExpectationRecorder& recorder) {
  CORDON_ASSIGN_OR_RETURN(
      std::vector<Escalation> escalations,
      AllRows<Escalation>(sim.database(), store::Family::kEscalations));
  for (const Escalation& escalation : escalations) {
    int pending = 0;
    for (const EscalationNotification& n : escalation.notifications()) {
      pending += n.outcome() == EscalationNotification::PENDING ? 1 : 0;
    }
    if (pending == 0) continue;
    recorder.Record(absl::StrCat("converged ", escalation.name(),
                                 ": no notification PENDING"),
                    false, absl::StrCat(pending, " still PENDING"));
  }
  return absl::OkStatus();
}

}  // namespace

void CheckConverged(int step, const ScenarioState& state,
                    std::vector<ExpectationResult>* results) {
  ExpectationRecorder recorder(step, results);
  Simulation& sim = *state.sim;
  for (absl::Status s :
       {CheckNothingLeftToDo(sim, recorder), CheckIdentities(sim, recorder),
        CheckNotificationsFinal(sim, recorder)}) {
    if (!s.ok()) {
      recorder.Record("converged: read the state", false, s.ToString());
    }
  }
}

}  // namespace cordon::sim
