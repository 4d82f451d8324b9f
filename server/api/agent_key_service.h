#ifndef CORDON_SERVER_API_AGENT_KEY_SERVICE_H_
#define CORDON_SERVER_API_AGENT_KEY_SERVICE_H_

#include "cordon/v1/agent.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/api/paging.h"
#include "server/engine/tenancy/agent_key_manager.h"

namespace cordon::api {

// ISO-15: the keys of an organization's on-prem agent. Writing them is an
// account-level change (the key acts in the organization), so account admins
// of the account and SOC analysts; reading them likewise (an organization
// user or an account user sees no keys: PERMISSION_DENIED).
class AgentKeyService final : public cordon::v1::AgentKeyService::Service {
 public:
  AgentKeyService(CallRunner* runner, engine::AgentKeyManager* keys,
                  const PageTokens* pages)
      : runner_(runner), keys_(keys), pages_(pages) {}

  grpc::Status CreateAgentKey(
      grpc::ServerContext* context,
      const cordon::v1::CreateAgentKeyRequest* request,
      cordon::v1::CreateAgentKeyResponse* response) override;
  grpc::Status ListAgentKeys(
      grpc::ServerContext* context,
      const cordon::v1::ListAgentKeysRequest* request,
      cordon::v1::ListAgentKeysResponse* response) override;
  grpc::Status DeleteAgentKey(
      grpc::ServerContext* context,
      const cordon::v1::DeleteAgentKeyRequest* request,
      cordon::v1::DeleteAgentKeyResponse* response) override;

 private:
  CallRunner* runner_;
  engine::AgentKeyManager* keys_;
  const PageTokens* pages_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_AGENT_KEY_SERVICE_H_
