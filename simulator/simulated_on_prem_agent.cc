#include "simulator/simulated_on_prem_agent.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "server/core/check.h"
#include "server/core/version.h"

namespace cordon::sim {
namespace {

constexpr absl::string_view kAgent = "agent";

AgentOutcome Outcome(AgentOutcome::Kind kind, std::string detail) {
  AgentOutcome outcome;
  outcome.kind = kind;
  outcome.detail = std::move(detail);
  return outcome;
}

AgentOutcome OutcomeFor(WorldResult result) {
  using Kind = AgentOutcome::Kind;
  switch (result) {
    case WorldResult::kDone:
      return Outcome(Kind::kSuccess, "");
    case WorldResult::kUnknownTenant:
      return Outcome(Kind::kPermanent, "unknown tenant");
    case WorldResult::kUnknownUser:
      return Outcome(Kind::kPermanent, "user not found in on-prem AD");
    case WorldResult::kNotSynced:
      return Outcome(Kind::kPermanent, "user is cloud-only, not in on-prem AD");
    case WorldResult::kUnknownRule:
    case WorldResult::kReadOnlyRule:
    case WorldResult::kUpnTaken:
    case WorldResult::kDeltaTokenExpired:
    case WorldResult::kBadDeltaLink:
      break;
  }
  return Outcome(Kind::kPermanent, "unexpected result");
}

}  // namespace

absl::string_view AgentOutcomeKindName(AgentOutcome::Kind kind) {
  switch (kind) {
    case AgentOutcome::Kind::kSuccess:
      return "success";
    case AgentOutcome::Kind::kRetryable:
      return "retryable";
    case AgentOutcome::Kind::kPermanent:
      return "permanent";
  }
  return "unknown";
}

SimulatedOnPremAgent::SimulatedOnPremAgent(World* world, FaultPlan* faults,
                                           EventLog* log)
    : world_(world), faults_(faults), log_(log) {
  CORDON_CHECK(world_ != nullptr && faults_ != nullptr && log_ != nullptr,
               "SimulatedOnPremAgent needs a world, faults and a log");
}

AgentOutcome SimulatedOnPremAgent::SetAccountEnabled(
    const std::string& tenant_id, const std::string& upn, bool enabled) {
  using Kind = AgentOutcome::Kind;
  EventFields fields = {{"tenant", tenant_id},
                        {"upn", upn},
                        {"enabled", enabled ? "true" : "false"}};
  AgentOutcome outcome;
  std::string version;
  const WorldResult tenant = world_->ReadAgentVersion(tenant_id, &version);
  if (tenant != WorldResult::kDone) {
    outcome = OutcomeFor(tenant);
  } else if (!core::AgentCanDisableOnPrem(version)) {
    // ISO-9: only 0.14.22 and newer can change on-prem accounts.
    outcome =
        Outcome(Kind::kPermanent,
                version.empty()
                    ? "no agent installed"
                    : absl::StrCat("agent too old: ", version, " < ",
                                   core::kMinimumOnPremDisableAgentVersion));
  } else if (absl::optional<InjectedFault> fault = faults_->DecideAgentCall();
             fault.has_value()) {
    fields.emplace_back("fault", FaultKindName(fault->kind));
    fields.emplace_back("source", fault->source);
    if (fault->kind == FaultKind::kPermanent) {
      outcome = Outcome(Kind::kPermanent, "injected: access denied");
    } else {
      if (fault->kind == FaultKind::kTimeoutAfterEffect) {
        // The agent made the change; its answer never came back.
        const WorldResult lost =
            world_->ApplySetOnPremEnabled(tenant_id, upn, enabled);
        fields.emplace_back("effect", WorldResultName(lost));
      }
      outcome = Outcome(Kind::kRetryable,
                        absl::StrCat("injected: ", FaultKindName(fault->kind)));
    }
  } else {
    outcome =
        OutcomeFor(world_->ApplySetOnPremEnabled(tenant_id, upn, enabled));
  }
  fields.emplace_back("outcome", AgentOutcomeKindName(outcome.kind));
  if (!outcome.detail.empty()) fields.emplace_back("detail", outcome.detail);
  log_->Append(kAgent, "set_account_enabled", fields);
  return outcome;
}

}  // namespace cordon::sim
