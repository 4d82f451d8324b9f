#include "server/api/agent_key_service.h"

#include <utility>

#include "server/api/authorization.h"
#include "server/api/authorized_name.h"
#include "server/api/request_checks.h"
#include "server/core/resource_name.h"

namespace cordon::api {

grpc::Status AgentKeyService::CreateAgentKey(
    grpc::ServerContext* context,
    const cordon::v1::CreateAgentKeyRequest* request,
    cordon::v1::CreateAgentKeyResponse* response) {
  const CallInfo info{MethodName<cordon::v1::AgentKeyService>("CreateAgentKey"),
                      true, request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName parent,
        ParseAndAuthorize(principal, Access::kWrite, "parent",
                          request->parent(), core::ParseOrganizationName));
    CORDON_RETURN_IF_ERROR(CheckRequestId(request->request_id()));
    CORDON_ASSIGN_OR_RETURN(
        engine::AgentKeyManager::Created created,
        keys_->Create(
            principal.actor, parent, request->agent_key(),
            MakeIdempotentCall(parent.account, info.method, *request)));
    *response->mutable_agent_key() = std::move(created.key);
    response->set_secret(std::move(created.secret));
    return absl::OkStatus();
  });
}

grpc::Status AgentKeyService::ListAgentKeys(
    grpc::ServerContext* context,
    const cordon::v1::ListAgentKeysRequest* request,
    cordon::v1::ListAgentKeysResponse* response) {
  const CallInfo info{MethodName<cordon::v1::AgentKeyService>("ListAgentKeys"),
                      false, request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    // Keys are credentials: only those who may make them see them.
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName parent,
        ParseAndAuthorize(principal, Access::kWrite, "parent",
                          request->parent(), core::ParseOrganizationName));
    const std::string binding = info.method + "\n" + request->parent();
    CORDON_ASSIGN_OR_RETURN(
        engine::PageRequest page,
        pages_->ReadPage(request->page_size(), request->page_token(), binding));
    CORDON_ASSIGN_OR_RETURN(engine::Page<cordon::v1::AgentKey> result,
                            keys_->List(parent, page));
    for (cordon::v1::AgentKey& key : result.items) {
      *response->add_agent_keys() = std::move(key);
    }
    response->set_next_page_token(
        pages_->NextPageToken(result.resume_after_key, binding));
    return absl::OkStatus();
  });
}

grpc::Status AgentKeyService::DeleteAgentKey(
    grpc::ServerContext* context,
    const cordon::v1::DeleteAgentKeyRequest* request,
    cordon::v1::DeleteAgentKeyResponse*) {
  const CallInfo info{MethodName<cordon::v1::AgentKeyService>("DeleteAgentKey"),
                      true, request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::AgentKeyName name,
        ParseAndAuthorize(principal, Access::kWrite, "name", request->name(),
                          core::ParseAgentKeyName));
    return keys_->Delete(principal.actor, name);
  });
}

}  // namespace cordon::api
