#include "server/api/agent_service.h"

#include <set>
#include <string>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "server/api/authorization.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"

namespace cordon::api {
namespace {

using cordon::v1::AcknowledgeCommandRequest;
using cordon::v1::AgentCommand;

// Commands sent per look; the rest follow as these are acknowledged.
constexpr int kCommandsPerLook = 100;
constexpr size_t kMaxDetail = 1000;

AgentCommand ToProto(const cordon::store::AgentCommandRecord& record) {
  AgentCommand command;
  command.set_command_id(record.command_id());
  command.set_action(record.action().kind() ==
                             cordon::store::OutboxAction::AGENT_ENABLE_ACCOUNT
                         ? AgentCommand::ENABLE_ACCOUNT
                         : AgentCommand::DISABLE_ACCOUNT);
  command.set_user_principal_name(record.action().upn());
  *command.mutable_create_time() = record.create_time();
  return command;
}

core::OrganizationName OrganizationOf(const Principal& principal) {
  return {principal.key.account, principal.key.organization};
}

absl::StatusOr<engine::AgentAck> AckOf(AcknowledgeCommandRequest::Outcome o) {
  switch (o) {
    case AcknowledgeCommandRequest::SUCCEEDED:
      return engine::AgentAck::kSucceeded;
    case AcknowledgeCommandRequest::FAILED_RETRYABLE:
      return engine::AgentAck::kFailedRetryable;
    case AcknowledgeCommandRequest::FAILED_PERMANENT:
      return engine::AgentAck::kFailedPermanent;
    default:
      return core::InvalidField(
          "outcome", "SUCCEEDED, FAILED_RETRYABLE or FAILED_PERMANENT");
  }
}

}  // namespace

grpc::Status AgentService::ReceiveCommands(
    grpc::ServerContext* context,
    const cordon::v1::ReceiveCommandsRequest* request,
    grpc::ServerWriter<AgentCommand>* writer) {
  const CallInfo info{MethodName<cordon::v1::AgentService>("ReceiveCommands"),
                      false, "agent"};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(RequireAgent(principal));
    const core::OrganizationName org = OrganizationOf(principal);
    CORDON_ASSIGN_OR_RETURN(
        uint64_t session,
        connections_->Connect(principal.actor, org, request->version(),
                              request->host()));
    absl::Cleanup offline = [&] {
      absl::Status gone = connections_->Disconnect(org, session);
      (void)gone;  // the next connection writes the fields again
    };
    // Headers now, not with the first command: the agent learns at once
    // that it is connected (and its version reported).
    writer->SendInitialMetadata();
    return Stream(context, principal, session, writer);
  });
}

absl::Status AgentService::Stream(grpc::ServerContext* context,
                                  const Principal& principal, uint64_t session,
                                  grpc::ServerWriter<AgentCommand>* writer) {
  const core::OrganizationName org = OrganizationOf(principal);
  engine::AgentPresence& presence = connections_->presence();
  CORDON_ASSIGN_OR_RETURN(core::ApiKeyName key,
                          core::ParseApiKeyName(principal.key.key_name));
  std::set<std::string> sent;
  absl::Duration since_key_check;
  while (!context->IsCancelled()) {
    const uint64_t generation = presence.Generation(org);
    CORDON_ASSIGN_OR_RETURN(
        std::vector<cordon::store::AgentCommandRecord> pending,
        actions_->Deliverable(&org, kCommandsPerLook));
    std::set<std::string> still_pending;
    for (const cordon::store::AgentCommandRecord& record : pending) {
      still_pending.insert(record.command_id());
      if (sent.count(record.command_id()) > 0) continue;
      // The agent went: what it did not acknowledge is sent next time.
      if (!writer->Write(ToProto(record))) return absl::OkStatus();
    }
    sent = std::move(still_pending);
    if (presence.Wait(org, session, generation, options_.poll_interval) ==
        engine::AgentPresence::Wake::kReplaced) {
      return core::WithReason(
          absl::AbortedError("a newer connection of this organization's "
                             "agent replaced this one"),
          "AGENT_STREAM_REPLACED");
    }
    since_key_check += options_.poll_interval;
    if (since_key_check >= options_.key_check_interval) {
      since_key_check = absl::ZeroDuration();
      absl::StatusOr<cordon::v1::ApiKey> current = keys_->Get(key.api_key);
      if (!current.ok() || current->state() != cordon::v1::ApiKey::ACTIVE) {
        return core::WithReason(
            absl::UnauthenticatedError("the agent key was deleted"),
            "INVALID_API_KEY");
      }
    }
  }
  return absl::OkStatus();
}

grpc::Status AgentService::AcknowledgeCommand(
    grpc::ServerContext* context, const AcknowledgeCommandRequest* request,
    cordon::v1::AcknowledgeCommandResponse* response) {
  const CallInfo info{
      MethodName<cordon::v1::AgentService>("AcknowledgeCommand"), true,
      request->command_id()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(RequireAgent(principal));
    CORDON_ASSIGN_OR_RETURN(engine::AgentAck ack, AckOf(request->outcome()));
    if (request->detail().size() > kMaxDetail) {
      return core::InvalidField("detail", "at most 1000 characters");
    }
    CORDON_ASSIGN_OR_RETURN(
        bool taken,
        actions_->Acknowledge(OrganizationOf(principal), request->command_id(),
                              ack, request->detail()));
    response->set_already_acknowledged(!taken);
    return absl::OkStatus();
  });
}

}  // namespace cordon::api
