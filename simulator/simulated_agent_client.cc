#include "simulator/simulated_agent_client.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"

namespace cordon::sim {
namespace {

constexpr absl::string_view kAgent = "agent";
constexpr int kCommandsPerRound = 1000;

engine::AgentAck AckOf(AgentOutcome::Kind kind) {
  switch (kind) {
    case AgentOutcome::Kind::kSuccess:
      return engine::AgentAck::kSucceeded;
    case AgentOutcome::Kind::kRetryable:
      return engine::AgentAck::kFailedRetryable;
    case AgentOutcome::Kind::kPermanent:
      break;
  }
  return engine::AgentAck::kFailedPermanent;
}

engine::Actor AgentActor(const std::string& tenant_id) {
  return engine::Actor{absl::StrCat("agent of ", tenant_id), "",
                       "/cordon.v1.AgentService/ReceiveCommands"};
}

}  // namespace

void SimulatedAgentClient::Attach(engine::Engine* engine) {
  engine_ = engine;
  sessions_.clear();
}

void SimulatedAgentClient::SetOffline(const std::string& tenant_id,
                                      bool offline) {
  if (offline) {
    offline_.insert(tenant_id);
  } else {
    offline_.erase(tenant_id);
  }
  log_->Append(kAgent, offline ? "offline" : "online", {{"tenant", tenant_id}});
}

absl::Status SimulatedAgentClient::DisconnectOffline() {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (offline_.count(it->second.second) == 0) {
      ++it;
      continue;
    }
    CORDON_RETURN_IF_ERROR(engine_->agent_connections().Disconnect(
        {it->first.first, it->first.second}, it->second.first));
    log_->Append(kAgent, "disconnected", {{"tenant", it->second.second}});
    it = sessions_.erase(it);
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> SimulatedAgentClient::EnsureConnected(
    const core::OrganizationName& org, const std::string& tenant_id) {
  if (offline_.count(tenant_id) > 0) return false;
  if (sessions_.count({org.account, org.organization}) > 0) return true;
  std::string version;
  if (world_->ReadAgentVersion(tenant_id, &version) != WorldResult::kDone ||
      version.empty()) {
    return false;  // no agent installed: nothing will ever take it
  }
  CORDON_ASSIGN_OR_RETURN(
      uint64_t session,
      engine_->agent_connections().Connect(AgentActor(tenant_id), org, version,
                                           absl::StrCat("dc01.", tenant_id)));
  sessions_[{org.account, org.organization}] = {session, tenant_id};
  log_->Append(kAgent, "connected",
               {{"tenant", tenant_id}, {"version", version}});
  return true;
}

absl::StatusOr<int> SimulatedAgentClient::Deliver(
    const core::OrganizationName& org,
    const cordon::store::AgentCommandRecord& command) {
  const cordon::store::OutboxAction& action = command.action();
  auto seen = outcomes_.find(command.command_id());
  if (seen == outcomes_.end()) {
    const bool enable =
        action.kind() == cordon::store::OutboxAction::AGENT_ENABLE_ACCOUNT;
    seen = outcomes_
               .emplace(command.command_id(),
                        agent_->SetAccountEnabled(action.tenant_id(),
                                                  action.upn(), enable))
               .first;
    ++applied_count_;
  } else {
    log_->Append(kAgent, "repeat_skipped", {{"command", command.command_id()}});
  }
  if (lose_next_ack_) {
    lose_next_ack_ = false;
    log_->Append(kAgent, "ack_lost", {{"command", command.command_id()}});
    return 1;  // the command stays pending: the next round sends it again
  }
  CORDON_ASSIGN_OR_RETURN(
      bool taken, engine_->agent_actions().Acknowledge(
                      org, command.command_id(), AckOf(seen->second.kind),
                      seen->second.detail));
  log_->Append(
      kAgent, "ack",
      {{"command", command.command_id()},
       {"outcome", std::string(AgentOutcomeKindName(seen->second.kind))},
       {"taken", taken ? "true" : "false"}});
  return taken ? 1 : 0;
}

absl::StatusOr<int> SimulatedAgentClient::Step() {
  if (engine_ == nullptr) return 0;
  CORDON_RETURN_IF_ERROR(DisconnectOffline());
  CORDON_ASSIGN_OR_RETURN(
      std::vector<cordon::store::AgentCommandRecord> pending,
      engine_->agent_actions().Deliverable(nullptr, kCommandsPerRound));
  int acked = 0;
  for (const cordon::store::AgentCommandRecord& command : pending) {
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName org,
        engine::AgentCommands::OrganizationOf(command.action()));
    CORDON_ASSIGN_OR_RETURN(bool online,
                            EnsureConnected(org, command.action().tenant_id()));
    if (!online) continue;
    const int deliveries = duplicate_next_ ? 2 : 1;
    duplicate_next_ = false;
    for (int i = 0; i < deliveries; ++i) {
      CORDON_ASSIGN_OR_RETURN(int taken, Deliver(org, command));
      acked += taken;
    }
  }
  return acked;
}

}  // namespace cordon::sim
