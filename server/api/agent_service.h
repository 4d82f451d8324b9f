#ifndef CORDON_SERVER_API_AGENT_SERVICE_H_
#define CORDON_SERVER_API_AGENT_SERVICE_H_

#include "absl/time/time.h"
#include "cordon/v1/agent.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/engine/agent/agent_actions.h"
#include "server/engine/agent/agent_connections.h"
#include "server/engine/tenancy/api_key_manager.h"

namespace cordon::api {

struct AgentServiceOptions {
  // How often an open stream looks for commands without being woken (a
  // command queued by a write that had not committed when it was woken),
  // and checks that the stream is still wanted.
  absl::Duration poll_interval = absl::Seconds(1);
  // How often it checks that its key still exists (a deleted key ends the
  // stream with UNAUTHENTICATED).
  absl::Duration key_check_interval = absl::Seconds(5);
};

// ISO-15: the service our on-prem agent calls, with an AGENT key, for its
// own organization only (any other key: PERMISSION_DENIED). A server
// stream, not a long poll: gRPC 1.51's synchronous server gives each open
// stream a thread, so streams are bounded (AgentPresence: one per
// organization, a newer one replacing the older, and a server-wide limit),
// and a stream delivers a command the moment it is queued without a request
// per command. Commands stay pending until acknowledged: every connection
// sends them all again, so delivery is at least once.
class AgentService final : public cordon::v1::AgentService::Service {
 public:
  AgentService(CallRunner* runner, engine::AgentConnections* connections,
               engine::AgentActions* actions, engine::ApiKeyManager* keys,
               AgentServiceOptions options = {})
      : runner_(runner),
        connections_(connections),
        actions_(actions),
        keys_(keys),
        options_(options) {}

  grpc::Status ReceiveCommands(
      grpc::ServerContext* context,
      const cordon::v1::ReceiveCommandsRequest* request,
      grpc::ServerWriter<cordon::v1::AgentCommand>* writer) override;
  grpc::Status AcknowledgeCommand(
      grpc::ServerContext* context,
      const cordon::v1::AcknowledgeCommandRequest* request,
      cordon::v1::AcknowledgeCommandResponse* response) override;

 private:
  // Streams `org`'s commands until the client goes, the stream is replaced
  // or its key is deleted.
  absl::Status Stream(grpc::ServerContext* context, const Principal& principal,
                      uint64_t session,
                      grpc::ServerWriter<cordon::v1::AgentCommand>* writer);

  CallRunner* runner_;
  engine::AgentConnections* connections_;
  engine::AgentActions* actions_;
  engine::ApiKeyManager* keys_;
  const AgentServiceOptions options_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_AGENT_SERVICE_H_
