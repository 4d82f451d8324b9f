#ifndef CORDON_TOOLS_CORDON_AGENT_AGENT_SESSION_H_
#define CORDON_TOOLS_CORDON_AGENT_AGENT_SESSION_H_

#include <atomic>
#include <memory>
#include <string>

#include "cordon/v1/agent.grpc.pb.h"
#include "grpcpp/channel.h"
#include "tools/cordon-agent/command_journal.h"
#include "tools/cordon-agent/directory.h"

namespace cordon::agent {

struct SessionOptions {
  std::string key;      // the agent key's bearer secret
  std::string version;  // reported to Cordon (ISO-9 compares it)
  std::string host;
  // Tests only: the process exits after applying and recording a command,
  // before acknowledging it (a crash at the worst moment).
  bool exit_before_ack = false;
};

// One connection to Cordon (ISO-15): opens the command stream, applies each
// command once (the journal remembers what was applied), acknowledges it,
// and returns when the stream ends. The caller reconnects with backoff.
class AgentSession {
 public:
  AgentSession(std::shared_ptr<grpc::Channel> channel, SessionOptions options,
               Directory* directory, CommandJournal* journal)
      : stub_(cordon::v1::AgentService::NewStub(channel)),
        options_(std::move(options)),
        directory_(directory),
        journal_(journal) {}

  // Runs until the stream ends; its status (OK when the server closed it).
  // `connected` is set once the first response or the stream's headers
  // arrive, so the caller can reset its backoff.
  grpc::Status Run(std::atomic<bool>* connected);
  // Ends a running Run from another thread (a signal).
  void Cancel();

 private:
  // Applies (once) and acknowledges `command`; false when the
  // acknowledgement could not be sent (the command comes again).
  bool Handle(const cordon::v1::AgentCommand& command);

  std::unique_ptr<cordon::v1::AgentService::Stub> stub_;
  const SessionOptions options_;
  Directory* directory_;
  CommandJournal* journal_;
  std::mutex mu_;
  grpc::ClientContext* context_ = nullptr;  // guarded by mu_
  bool cancelled_ = false;                  // guarded by mu_
};

}  // namespace cordon::agent

#endif  // CORDON_TOOLS_CORDON_AGENT_AGENT_SESSION_H_
