#ifndef CORDON_SERVER_API_API_KEY_SERVICE_H_
#define CORDON_SERVER_API_API_KEY_SERVICE_H_

#include "cordon/v1/api_key.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/api/paging.h"
#include "server/engine/tenancy/api_key_manager.h"

namespace cordon::api {

// Keys for a user: that account's admins or a SOC analyst. Provider keys
// (SOC_ANALYST, SERVICE): SOC analysts only. Anyone may read and revoke
// their own key.
class ApiKeyService final : public cordon::v1::ApiKeyService::Service {
 public:
  ApiKeyService(CallRunner* runner, engine::ApiKeyManager* keys,
                const PageTokens* pages)
      : runner_(runner), keys_(keys), pages_(pages) {}

  grpc::Status CreateApiKey(
      grpc::ServerContext* context,
      const cordon::v1::CreateApiKeyRequest* request,
      cordon::v1::CreateApiKeyResponse* response) override;
  grpc::Status ListApiKeys(grpc::ServerContext* context,
                           const cordon::v1::ListApiKeysRequest* request,
                           cordon::v1::ListApiKeysResponse* response) override;
  grpc::Status GetApiKey(grpc::ServerContext* context,
                         const cordon::v1::GetApiKeyRequest* request,
                         cordon::v1::ApiKey* response) override;
  grpc::Status RevokeApiKey(grpc::ServerContext* context,
                            const cordon::v1::RevokeApiKeyRequest* request,
                            cordon::v1::ApiKey* response) override;

 private:
  // `name` parsed, if the caller may read or revoke it: its own key, any key
  // for a SOC analyst, its account's keys for an account admin; another
  // account's key and a provider key are NOT_FOUND to account principals
  // (TEN-1), and SERVICE or AGENT keys learn nothing of which keys exist.
  absl::StatusOr<core::ApiKeyName> AuthorizeKey(const Principal& principal,
                                                const std::string& name) const;

  CallRunner* runner_;
  engine::ApiKeyManager* keys_;
  const PageTokens* pages_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_API_KEY_SERVICE_H_
