#include "simulator/scenario_steps.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/core/errors.h"
#include "simulator/convergence.h"
#include "simulator/scenario_cordon_steps.h"
#include "simulator/scenario_expectations.h"
#include "simulator/scenario_parse.h"
#include "simulator/scenario_setup.h"

namespace cordon::sim {
namespace {

// Disk faults act on RocksDB's files; on another store (etcd) the disk is
// not Cordon's (issue 15).
absl::Status NoDiskOnEtcd() {
  return ScenarioError(
      "disk faults need Cordon's RocksDB store; this run stores elsewhere");
}

using cordon::sim::v1::ScenarioStep;
using cordon::v1::IncidentReport;

constexpr absl::Duration kDefaultSettleLimit = absl::Hours(24);

// Performs one step: the waiting and the steps on the world, the faults
// and the clock here, the requests to Cordon through CordonSteps.
class StepPerformer {
 public:
  StepPerformer(ScenarioState& state, int index,
                std::vector<ExpectationResult>* expectations,
                absl::Status* mistake)
      : state_(state),
        index_(index),
        expectations_(expectations),
        mistake_(mistake),
        cordon_(state, index, mistake) {}

  absl::Status Perform(const ScenarioStep& step) {
    if (!step.at().empty()) {
      if (absl::Status s = WaitUntil(step.at()); !s.ok()) return Mistake(s);
    }
    if (step.action_case() == ScenarioStep::ACTION_NOT_SET) {
      if (!step.at().empty()) return absl::OkStatus();  // a pure wait
      return Mistake(ScenarioError("the step does nothing"));
    }
    return PerformAction(step);
  }

 private:
  absl::Status Mistake(absl::Status error) {
    *mistake_ = std::move(error);
    return absl::OkStatus();
  }

  // Advances the clock to `at` after the start of the run. Every error is
  // the scenario's: a bad or past time, or a simulation that cannot get
  // there.
  absl::Status WaitUntil(const std::string& at) {
    CORDON_ASSIGN_OR_RETURN(absl::Duration offset,
                            ParseDurationText("at", at, absl::ZeroDuration()));
    const absl::Time target = state_.start + offset;
    const absl::Time now = state_.sim->clock().Now();
    if (target < now) {
      return ScenarioError(absl::StrCat(
          "at ", at, " is in the past (now is ",
          absl::FormatDuration(now - state_.start), " into the run)"));
    }
    return state_.sim->Advance(target - now);
  }

  // What Cordon is asked to do (through its engine, as its API would).
  absl::Status PerformAction(const ScenarioStep& step) {
    switch (step.action_case()) {
      case ScenarioStep::kSendReport:
        return cordon_.SendReport(step.send_report());
      case ScenarioStep::kResolveReport:
        return cordon_.CloseReport(step.resolve_report(),
                                   IncidentReport::RESOLVED);
      case ScenarioStep::kRejectReport:
        return cordon_.CloseReport(step.reject_report(),
                                   IncidentReport::REJECTED);
      case ScenarioStep::kIsolate:
        return cordon_.IsolateOrRelease(step.isolate(), /*isolate=*/true);
      case ScenarioStep::kRelease:
        return cordon_.IsolateOrRelease(step.release(), /*isolate=*/false);
      case ScenarioStep::kEnableInboxRule:
        return cordon_.EnableInboxRule(step.enable_inbox_rule());
      case ScenarioStep::kRecordSignIn:
        return cordon_.RecordSignIn(step.record_sign_in());
      case ScenarioStep::kRecordEndpointStatus:
        return cordon_.RecordEndpointStatus(step.record_endpoint_status());
      case ScenarioStep::kCreateAccessRule:
        return cordon_.CreateAccessRule(step.create_access_rule());
      case ScenarioStep::kAnswerEscalation:
        return cordon_.AnswerEscalation(step.answer_escalation());
      case ScenarioStep::kConnectPsa:
        return ConnectPsa(step.connect_psa(), state_);
      case ScenarioStep::kSyncInventory:
        return cordon_.SyncInventory(step.sync_inventory());
      default:
        return PerformRunStep(step);
    }
  }

  // How the run moves on: time, the worker, crashes, checks.
  absl::Status PerformRunStep(const ScenarioStep& step) {
    Simulation& sim = *state_.sim;
    switch (step.action_case()) {
      case ScenarioStep::kAdvance:
        return Advance(step.advance());
      case ScenarioStep::kSettle:
        return Settle(step.settle());
      case ScenarioStep::kRunUntilIdle:
        return sim.RunUntilIdle();
      case ScenarioStep::kRunOnce:
        return sim.engine().worker().RunOnce().status();
      case ScenarioStep::kCrashAndRestart:
        return sim.CrashAndRestart();
      case ScenarioStep::kExpect:
        EvaluateExpectations(step.expect(), index_, state_, expectations_);
        return absl::OkStatus();
      case ScenarioStep::kConverged:
        CheckConverged(index_, state_, expectations_);
        return absl::OkStatus();
      default:
        return PerformWorldStep(step);
    }
  }

  // What happens in the outside world: users, admins, faults, the agent.
  absl::Status PerformWorldStep(const ScenarioStep& step) {
    Simulation& sim = *state_.sim;
    switch (step.action_case()) {
      case ScenarioStep::kSignIn:
        return SignIn(step.sign_in());
      case ScenarioStep::kSyncCycle:
        sim.world().RunDirectorySyncCycleForAllTenants();
        return absl::OkStatus();
      case ScenarioStep::kQuiet:
        sim.faults().SetQuiet(true);
        return absl::OkStatus();
      case ScenarioStep::kFaultsOn:
        sim.faults().SetQuiet(false);
        return absl::OkStatus();
      case ScenarioStep::kSetTenantAadsts:
        return SetTenantAadsts("set_tenant_aadsts",
                               step.set_tenant_aadsts().tenant(),
                               step.set_tenant_aadsts().code());
      case ScenarioStep::kFixTenant:
        return SetTenantAadsts("fix_tenant", step.fix_tenant(), "");
      case ScenarioStep::kSetPsaFailure:
        return SetPsaFailure(step.set_psa_failure());
      case ScenarioStep::kFixPsa:
        sim.psa().Fix();
        return absl::OkStatus();
      case ScenarioStep::kAdminSetCloudEnabled:
        return AdminSetEnabled(step.admin_set_cloud_enabled(),
                               /*on_prem=*/false);
      case ScenarioStep::kAdminSetOnPremEnabled:
        return AdminSetEnabled(step.admin_set_on_prem_enabled(),
                               /*on_prem=*/true);
      case ScenarioStep::kSetAgentOffline:
        return SetAgentOffline(step.set_agent_offline());
      case ScenarioStep::kAgentDuplicateNext:
        sim.agent_client().DuplicateNextDelivery();
        return absl::OkStatus();
      case ScenarioStep::kAgentLoseNextAck:
        sim.agent_client().LoseNextAck();
        return absl::OkStatus();
      case ScenarioStep::kDiskFault:
        return SetDiskFault(step.disk_fault());
      case ScenarioStep::kDiskOk:
        if (sim.disk() == nullptr) return Mistake(NoDiskOnEtcd());
        sim.disk()->Set(testing::DiskFault::kNone);
        sim.log().Append("disk", "ok");
        return absl::OkStatus();
      default:
        return absl::OkStatus();
    }
  }

  absl::Status SetAgentOffline(
      const cordon::sim::v1::ScenarioAgentOffline& offline) {
    CORDON_ASSIGN_OR_RETURN(
        std::string tenant_id,
        state_.TenantId("set_agent_offline", offline.tenant()));
    state_.sim->agent_client().SetOffline(tenant_id, offline.offline());
    return absl::OkStatus();
  }

  // A user signs in to the world (not through Cordon): named by identity
  // alias, or by tenant alias and UPN.
  absl::Status SignIn(const cordon::sim::v1::ScenarioSignIn& sign_in) {
    std::string tenant_id;
    std::string upn;
    if (!sign_in.identity().empty()) {
      absl::StatusOr<const IdentityAlias*> identity =
          state_.FindIdentity(sign_in.identity());
      if (!identity.ok()) return Mistake(identity.status());
      tenant_id = (*identity)->tenant_id;
      upn = (*identity)->upn;
    } else {
      absl::StatusOr<std::string> tenant =
          state_.TenantId("sign_in", sign_in.tenant());
      if (!tenant.ok()) return Mistake(tenant.status());
      tenant_id = *tenant;
      upn = sign_in.upn();
    }
    return state_.sim->world().SignIn(tenant_id, upn);
  }

  // A tenant (or, on-prem, a domain) admin enables or disables the
  // identity's account outside Cordon (ISO-13).
  absl::Status AdminSetEnabled(
      const cordon::sim::v1::ScenarioAccountToggle& toggle, bool on_prem) {
    absl::StatusOr<const IdentityAlias*> identity =
        state_.FindIdentity(toggle.identity());
    if (!identity.ok()) return Mistake(identity.status());
    World& world = state_.sim->world();
    const IdentityAlias& user = **identity;
    return WorldResultToStatus(
        on_prem ? world.AdminSetOnPremEnabled(user.tenant_id, user.upn,
                                              toggle.enabled())
                : world.AdminSetCloudEnabled(user.tenant_id, user.upn,
                                             toggle.enabled()));
  }

  absl::Status Advance(const std::string& text) {
    absl::StatusOr<absl::Duration> duration =
        ParseDurationText("advance", text, absl::ZeroDuration());
    if (!duration.ok()) return Mistake(duration.status());
    return state_.sim->Advance(*duration);
  }

  // Runs until nothing is queued; DEADLINE_EXCEEDED when the limit passes
  // first, unless the step allows actions to stay pending.
  absl::Status Settle(const cordon::sim::v1::ScenarioSettle& settle) {
    absl::StatusOr<absl::Duration> limit =
        ParseDurationText("settle.limit", settle.limit(), kDefaultSettleLimit);
    if (!limit.ok()) return Mistake(limit.status());
    absl::StatusOr<bool> settled = state_.sim->Settle(*limit);
    if (!settled.ok()) return settled.status();
    if (!*settled && !settle.allow_pending()) {
      return absl::DeadlineExceededError(absl::StrCat(
          "actions still queued after ", absl::FormatDuration(*limit)));
    }
    return absl::OkStatus();
  }

  // The tenant answers sign-ins with `code` from now on ("" = fixed).
  absl::Status SetTenantAadsts(absl::string_view field,
                               const std::string& alias,
                               const std::string& code) {
    absl::StatusOr<std::string> tenant = state_.TenantId(field, alias);
    if (!tenant.ok()) return Mistake(tenant.status());
    state_.sim->faults().SetTenantAadsts(*tenant, code);
    return absl::OkStatus();
  }

  // Issue 13: Cordon's disk fails syncs, fills up, or slows every commit by
  // `delay` of virtual time.
  absl::Status SetDiskFault(const cordon::sim::v1::ScenarioDiskFault& in) {
    using Kind = cordon::sim::v1::ScenarioDiskFault;
    Simulation& sim = *state_.sim;
    absl::StatusOr<absl::Duration> delay = ParseDurationText(
        "disk_fault.delay", in.delay(), absl::Milliseconds(10));
    if (!delay.ok()) return Mistake(delay.status());
    testing::FaultFileSystem* disk = sim.disk();
    if (disk == nullptr) return Mistake(NoDiskOnEtcd());
    switch (in.kind()) {
      case Kind::SYNC_FAILS:
        disk->Set(testing::DiskFault::kSyncFails);
        break;
      case Kind::FULL:
        disk->Set(testing::DiskFault::kFull);
        break;
      case Kind::SLOW:
        // Commits run on the simulation's one thread, so the clock moves
        // at the same points in every replay.
        disk->SetDelay([&sim, d = *delay] { sim.clock().Advance(d); });
        disk->Set(testing::DiskFault::kSlow);
        break;
      default:
        return Mistake(ScenarioError("disk_fault: kind is required"));
    }
    sim.log().Append("disk", "fault", {{"kind", Kind::Kind_Name(in.kind())}});
    return absl::OkStatus();
  }

  // The PSA fails the next `fail_next` calls, or every call until fixed.
  absl::Status SetPsaFailure(const cordon::sim::v1::ScenarioPsaFailure& in) {
    absl::StatusOr<PsaFailure> failure = ToPsaFailure(in.failure());
    if (!failure.ok()) return Mistake(failure.status());
    if (in.fail_next() < 0) {
      return Mistake(ScenarioError("set_psa_failure: fail_next < 0"));
    }
    if (in.fail_next() > 0) {
      state_.sim->psa().FailNext(in.fail_next(), *failure);
    } else {
      state_.sim->psa().SetFailure(*failure);
    }
    return absl::OkStatus();
  }

  ScenarioState& state_;
  const int index_;
  std::vector<ExpectationResult>* expectations_;
  absl::Status* mistake_;
  CordonSteps cordon_;
};

}  // namespace

absl::Status PerformStep(const ScenarioStep& step, int index,
                         ScenarioState& state,
                         std::vector<ExpectationResult>* expectations,
                         absl::Status* mistake) {
  return StepPerformer(state, index, expectations, mistake).Perform(step);
}

}  // namespace cordon::sim
