#ifndef CORDON_SERVER_API_IDENTITY_SERVICE_H_
#define CORDON_SERVER_API_IDENTITY_SERVICE_H_

#include "cordon/v1/identity.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/api/paging.h"
#include "server/engine/isolation/manual_isolation.h"
#include "server/engine/tenancy/identity_manager.h"

namespace cordon::api {

// Identities of an organization. The account's users read them (an
// ORGANIZATION_USER only its own organization's); its admins and SOC
// analysts change them.
class IdentityService final : public cordon::v1::IdentityService::Service {
 public:
  IdentityService(CallRunner* runner, engine::IdentityManager* identities,
                  engine::ManualIsolation* isolation, const PageTokens* pages)
      : runner_(runner),
        identities_(identities),
        isolation_(isolation),
        pages_(pages) {}

  grpc::Status CreateIdentity(grpc::ServerContext* context,
                              const cordon::v1::CreateIdentityRequest* request,
                              cordon::v1::Identity* response) override;
  grpc::Status GetIdentity(grpc::ServerContext* context,
                           const cordon::v1::GetIdentityRequest* request,
                           cordon::v1::Identity* response) override;
  grpc::Status ListIdentities(
      grpc::ServerContext* context,
      const cordon::v1::ListIdentitiesRequest* request,
      cordon::v1::ListIdentitiesResponse* response) override;
  grpc::Status UpdateIdentity(grpc::ServerContext* context,
                              const cordon::v1::UpdateIdentityRequest* request,
                              cordon::v1::Identity* response) override;
  grpc::Status DeleteIdentity(
      grpc::ServerContext* context,
      const cordon::v1::DeleteIdentityRequest* request,
      cordon::v1::DeleteIdentityResponse* response) override;

  // Isolation by hand (identity_isolation_handlers.cc).
  grpc::Status IsolateIdentity(
      grpc::ServerContext* context,
      const cordon::v1::IsolateIdentityRequest* request,
      cordon::v1::Identity* response) override;
  grpc::Status ReleaseIdentity(
      grpc::ServerContext* context,
      const cordon::v1::ReleaseIdentityRequest* request,
      cordon::v1::Identity* response) override;
  grpc::Status ListInboxRules(
      grpc::ServerContext* context,
      const cordon::v1::ListInboxRulesRequest* request,
      cordon::v1::ListInboxRulesResponse* response) override;
  grpc::Status EnableInboxRule(
      grpc::ServerContext* context,
      const cordon::v1::EnableInboxRuleRequest* request,
      cordon::v1::EnableInboxRuleResponse* response) override;

 private:
  CallRunner* runner_;
  engine::IdentityManager* identities_;
  engine::ManualIsolation* isolation_;
  const PageTokens* pages_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_IDENTITY_SERVICE_H_
