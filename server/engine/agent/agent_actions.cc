#include "server/engine/agent/agent_actions.h"

#include "absl/strings/str_cat.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/errors.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

using cordon::store::OutboxAction;

std::string Succeeded(const OutboxAction& action, const std::string& detail) {
  return absl::StrCat(action.kind() == OutboxAction::AGENT_DISABLE_ACCOUNT
                          ? "disabled on-prem by the agent; directory sync "
                            "carries it to the cloud"
                          : "enabled on-prem by the agent",
                      detail.empty() ? "" : ": ", detail);
}

// "offline since ..." from the organization's last sight of its agent.
std::string OfflineSince(const store::Database& db,
                         const core::OrganizationName& org) {
  absl::StatusOr<cordon::v1::Organization> row =
      ReadRow<cordon::v1::Organization>(
          db, store::Family::kOrganizations,
          store::KeyOf({org.account, org.organization}), org.ToString(),
          "organization record");
  if (!row.ok() || !row->on_prem_ad_server().has_agent_last_seen_time()) {
    return "on-prem agent has not connected yet";
  }
  return absl::StrCat(
      "on-prem agent offline since ",
      absl::FormatTime(
          absl::RFC3339_sec,
          FromTimestamp(row->on_prem_ad_server().agent_last_seen_time()),
          absl::UTCTimeZone()));
}

}  // namespace

void AgentActions::RouteAll(ActionRouter& router) {
  router.Route(OutboxAction::AGENT_DISABLE_ACCOUNT, this);
  router.Route(OutboxAction::AGENT_ENABLE_ACCOUNT, this);
}

ActionResult AgentActions::Perform(const OutboxAction&) {
  ActionResult handed;
  handed.detail = "handed to the on-prem agent";
  handed.handed_over = true;
  return handed;
}

absl::Status AgentActions::RecordEnd(store::Transaction& txn,
                                     const OutboxAction& action, ActionEnd end,
                                     const ActionResult& result) {
  if (end != ActionEnd::kSucceeded) {
    return isolation_->RecordEnd(txn, action, end, result);
  }
  CORDON_ASSIGN_OR_RETURN(std::string command_id,
                          commands_->Queue(txn, action));
  return RecordHandOver(txn, action, command_id);
}

absl::Status AgentActions::RecordHandOver(store::Transaction& txn,
                                          const OutboxAction& action,
                                          const std::string& command_id) {
  CORDON_ASSIGN_OR_RETURN(core::OrganizationName org,
                          AgentCommands::OrganizationOf(action));
  // Wakes the agent's stream; should it look before this write commits, it
  // finds the command at its next look (AgentService polls as well).
  presence_->Notify(org);
  if (presence_->IsConnected(org)) {
    return isolation_->RecordWaiting(
        txn, action,
        absl::StrCat("command ", command_id,
                     " sent to the on-prem agent; waiting for its "
                     "acknowledgement"),
        /*on_identity=*/false);
  }
  return isolation_->RecordWaiting(
      txn, action,
      absl::StrCat(OfflineSince(*db_, org), "; command ", command_id,
                   " waits for it to connect"),
      /*on_identity=*/true);
}

absl::StatusOr<std::vector<cordon::store::AgentCommandRecord>>
AgentActions::Deliverable(const core::OrganizationName* org, int limit) {
  CORDON_ASSIGN_OR_RETURN(
      std::vector<cordon::store::AgentCommandRecord> pending,
      org == nullptr ? commands_->AllPending(limit)
                     : commands_->Pending(*org, limit));
  std::vector<cordon::store::AgentCommandRecord> deliverable;
  for (cordon::store::AgentCommandRecord& command : pending) {
    CORDON_ASSIGN_OR_RETURN(bool current,
                            isolation_->IsCurrent(command.action()));
    if (current) {
      deliverable.push_back(std::move(command));
    } else {
      CORDON_RETURN_IF_ERROR(Withdraw(command));
    }
  }
  return deliverable;
}

absl::Status AgentActions::Withdraw(
    const cordon::store::AgentCommandRecord& command) {
  CORDON_ASSIGN_OR_RETURN(core::OrganizationName org,
                          AgentCommands::OrganizationOf(command.action()));
  return store::Transact(*db_, [&](store::Transaction& txn) -> absl::Status {
    CORDON_ASSIGN_OR_RETURN(
        absl::optional<cordon::store::AgentCommandRecord> taken,
        commands_->Take(txn, org, command.command_id()));
    if (!taken.has_value()) return absl::OkStatus();  // acknowledged meanwhile
    ActionResult result;
    result.detail = "superseded while waiting for the on-prem agent";
    CORDON_RETURN_IF_ERROR(isolation_->RecordEnd(
        txn, taken->action(), ActionEnd::kSuperseded, result));
    return txn.Commit();
  });
}

absl::StatusOr<bool> AgentActions::Acknowledge(
    const core::OrganizationName& org, const std::string& command_id,
    AgentAck ack, const std::string& detail) {
  return store::Transact(
      *db_, [&](store::Transaction& txn) -> absl::StatusOr<bool> {
        CORDON_ASSIGN_OR_RETURN(
            absl::optional<cordon::store::AgentCommandRecord> command,
            commands_->Take(txn, org, command_id));
        if (!command.has_value()) return false;
        CORDON_ASSIGN_OR_RETURN(ActionOutcome outcome,
                                RecordAck(txn, command->action(), ack, detail));
        // Once recorded: a line means the outcome is stored.
        txn.AfterCommit([action = command->action(), outcome] {
          LogActionOutcome(action, outcome);
        });
        CORDON_RETURN_IF_ERROR(txn.Commit());
        return true;
      });
}

absl::StatusOr<ActionOutcome> AgentActions::RecordAck(
    store::Transaction& txn, OutboxAction action, AgentAck ack,
    const std::string& detail) {
  CORDON_ASSIGN_OR_RETURN(bool current, isolation_->IsCurrent(action));
  ActionResult result;
  ActionOutcome outcome;
  outcome.attempt = action.attempts();
  const auto ended =
      [&](ActionEnd end,
          ActionOutcomeClass logged) -> absl::StatusOr<ActionOutcome> {
    CORDON_RETURN_IF_ERROR(isolation_->RecordEnd(txn, action, end, result));
    outcome.outcome = logged;
    outcome.error_class = result.error_class;
    outcome.detail = result.detail;
    return outcome;
  };
  if (!current) {
    // A release (or a new isolation) came after it: its own command follows
    // this one, so the final on-prem state is the later one's.
    result.detail = "superseded while the on-prem agent applied it";
    return ended(ActionEnd::kSuperseded, ActionOutcomeClass::kSuperseded);
  }
  switch (ack) {
    case AgentAck::kSucceeded:
      result.detail = Succeeded(action, detail);
      return ended(ActionEnd::kSucceeded, ActionOutcomeClass::kSucceeded);
    case AgentAck::kFailedPermanent:
      result.error_class = core::ErrorClass::kPermanent;
      result.detail = absl::StrCat("on-prem agent: ", detail);
      return ended(ActionEnd::kFailed, ActionOutcomeClass::kFailed);
    case AgentAck::kFailedRetryable:
      break;
  }
  result.error_class = core::ErrorClass::kRetryable;
  result.detail = absl::StrCat("on-prem agent: ", detail);
  const core::RetryDecision decision =
      core::DecideRetry(retry_policy_, action.attempts(), result.error_class,
                        absl::nullopt, random_->Uniform01());
  if (!decision.ShouldRetry()) {
    result.detail = absl::StrCat("gave up after ", action.attempts(),
                                 " attempts: ", result.detail);
    return ended(ActionEnd::kFailed, ActionOutcomeClass::kFailed);
  }
  CORDON_RETURN_IF_ERROR(isolation_->RecordRetry(txn, action, result));
  outcome.outcome = ActionOutcomeClass::kRetry;
  outcome.error_class = result.error_class;
  outcome.retry_in = decision.delay;
  outcome.detail = result.detail;
  // Sent again as a new command: the agent applies each command id once.
  CORDON_RETURN_IF_ERROR(
      outbox_->Enqueue(txn, std::move(action), clock_->Now() + decision.delay));
  return outcome;
}

}  // namespace cordon::engine
