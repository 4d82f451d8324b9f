#include "tools/cordon-agent/agent_session.h"

#include <chrono>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "tools/cordon-agent/log.h"

namespace cordon::agent {
namespace {

using cordon::v1::AcknowledgeCommandRequest;
using cordon::v1::AgentCommand;

AcknowledgeCommandRequest::Outcome OutcomeOf(DirectoryOutcome::Kind kind) {
  switch (kind) {
    case DirectoryOutcome::Kind::kSucceeded:
      return AcknowledgeCommandRequest::SUCCEEDED;
    case DirectoryOutcome::Kind::kRetryable:
      return AcknowledgeCommandRequest::FAILED_RETRYABLE;
    case DirectoryOutcome::Kind::kPermanent:
      break;
  }
  return AcknowledgeCommandRequest::FAILED_PERMANENT;
}

constexpr int kAckAttempts = 3;
constexpr auto kAckTimeout = std::chrono::seconds(10);

}  // namespace

void AgentSession::Cancel() {
  std::lock_guard<std::mutex> lock(mu_);
  cancelled_ = true;
  if (context_ != nullptr) context_->TryCancel();
}

bool AgentSession::Handle(const AgentCommand& command) {
  std::optional<DirectoryOutcome> outcome =
      journal_->Find(command.command_id());
  if (outcome.has_value()) {
    Log("command ", command.command_id(), " seen before: acknowledging again");
  } else {
    const bool enable = command.action() == AgentCommand::ENABLE_ACCOUNT;
    if (!enable && command.action() != AgentCommand::DISABLE_ACCOUNT) {
      outcome = DirectoryOutcome{DirectoryOutcome::Kind::kPermanent,
                                 "this agent does not know the action"};
    } else {
      outcome =
          directory_->SetAccountEnabled(command.user_principal_name(), enable);
    }
    Log("command ", command.command_id(), " ", enable ? "enable " : "disable ",
        command.user_principal_name(), ": ", outcome->detail);
    // Recorded before the acknowledgement: a crash in between means the
    // command comes again and is acknowledged from here, not applied twice.
    if (!journal_->Record(command.command_id(), *outcome)) {
      Log("cannot write the state file; command ", command.command_id(),
          " will come again");
      return false;
    }
    if (options_.exit_before_ack) {
      Log("exiting before the acknowledgement (--test_exit_before_ack)");
      std::_Exit(3);
    }
  }
  AcknowledgeCommandRequest request;
  request.set_command_id(command.command_id());
  request.set_outcome(OutcomeOf(outcome->kind));
  request.set_detail(outcome->detail.substr(0, 1000));
  for (int attempt = 0; attempt < kAckAttempts; ++attempt) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + options_.key);
    context.set_deadline(std::chrono::system_clock::now() + kAckTimeout);
    cordon::v1::AcknowledgeCommandResponse response;
    const grpc::Status status =
        stub_->AcknowledgeCommand(&context, request, &response);
    if (status.ok()) return true;
    Log("acknowledging ", command.command_id(),
        " failed: ", status.error_message());
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
        status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
      return false;
    }
  }
  return false;
}

grpc::Status AgentSession::Run(std::atomic<bool>* connected) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + options_.key);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (cancelled_) return grpc::Status::CANCELLED;
    context_ = &context;
  }
  cordon::v1::ReceiveCommandsRequest request;
  request.set_version(options_.version);
  request.set_host(options_.host);
  std::unique_ptr<grpc::ClientReader<AgentCommand>> reader =
      stub_->ReceiveCommands(&context, request);
  reader->WaitForInitialMetadata();
  connected->store(true);
  Log("connected as agent ", options_.version, " on ", options_.host);
  AgentCommand command;
  while (reader->Read(&command)) {
    if (!Handle(command)) break;  // reconnect: unacknowledged ones come again
  }
  context.TryCancel();
  const grpc::Status status = reader->Finish();
  std::lock_guard<std::mutex> lock(mu_);
  context_ = nullptr;
  return status;
}

}  // namespace cordon::agent
