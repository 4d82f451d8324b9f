#include "server/api/api_key_service.h"

#include <utility>

#include "server/api/authorization.h"
#include "server/api/authorized_name.h"
#include "server/api/filter_terms.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/core/resource_name.h"

namespace cordon::api {
namespace {

using cordon::v1::ApiKey;

const std::vector<core::FilterField>& ApiKeyFilterFields() {
  static const auto* fields = new std::vector<core::FilterField>{
      {"state", {"ACTIVE", "REVOKED", "EXPIRED"}}, {"account", {}}};
  return *fields;
}

}  // namespace

grpc::Status ApiKeyService::CreateApiKey(
    grpc::ServerContext* context,
    const cordon::v1::CreateApiKeyRequest* request,
    cordon::v1::CreateApiKeyResponse* response) {
  const CallInfo info{
      MethodName<cordon::v1::ApiKeyService>("CreateApiKey"), true,
      request->api_key().user().empty() ? "apiKeys"
                                        : request->api_key().user()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(CheckRequestId(request->request_id()));
    uint64_t scope = 0;
    if (request->api_key().user().empty()) {
      CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
    } else {
      CORDON_ASSIGN_OR_RETURN(
          core::UserName user,
          ParseAndAuthorize(principal, Access::kWrite, "api_key.user",
                            request->api_key().user(), core::ParseUserName));
      scope = user.account;
    }
    CORDON_ASSIGN_OR_RETURN(
        cordon::store::CreatedApiKey created,
        keys_->Create(principal.actor, request->api_key(),
                      MakeIdempotentCall(scope, info.method, *request)));
    *response->mutable_api_key() = std::move(*created.mutable_api_key());
    response->set_secret(created.secret());
    return absl::OkStatus();
  });
}

grpc::Status ApiKeyService::ListApiKeys(
    grpc::ServerContext* context, const cordon::v1::ListApiKeysRequest* request,
    cordon::v1::ListApiKeysResponse* response) {
  const CallInfo info{MethodName<cordon::v1::ApiKeyService>("ListApiKeys"),
                      false, "apiKeys"};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::FilterTerms terms,
        ParseFilterField(request->filter(), ApiKeyFilterFields()));
    engine::ApiKeyManager::ListQuery query;
    query.state = EnumTerm(terms, "state", ApiKey::State_Parse);
    if (auto it = terms.find("account"); it != terms.end()) {
      CORDON_ASSIGN_OR_RETURN(
          core::AccountName account,
          ParseField("filter", it->second, core::ParseAccountName));
      query.account = account.account;
    }
    if (principal.key.role != cordon::v1::SOC_ANALYST) {
      // Account admins see their own account's keys and nothing else.
      const uint64_t own = principal.key.account;
      CORDON_RETURN_IF_ERROR(Authorize(principal, Access::kWrite, {own, 0},
                                       core::AccountName{own}.ToString()));
      if (query.account.has_value() && *query.account != own) {
        return absl::OkStatus();  // another account: nothing to see
      }
      query.account = own;
    }
    CORDON_ASSIGN_OR_RETURN(
        engine::PageRequest page,
        pages_->ReadPage(request->page_size(), request->page_token(),
                         info.method + "\n" + request->filter()));
    CORDON_ASSIGN_OR_RETURN(engine::Page<ApiKey> result,
                            keys_->List(query, page));
    for (ApiKey& key : result.items) *response->add_api_keys() = std::move(key);
    response->set_next_page_token(pages_->NextPageToken(
        result.resume_after_key, info.method + "\n" + request->filter()));
    return absl::OkStatus();
  });
}

absl::StatusOr<core::ApiKeyName> ApiKeyService::AuthorizeKey(
    const Principal& principal, const std::string& name) const {
  CORDON_ASSIGN_OR_RETURN(core::ApiKeyName parsed,
                          ParseField("name", name, core::ParseApiKeyName));
  const bool own_key = principal.key.key_name == name;
  if (own_key || principal.key.role == cordon::v1::SOC_ANALYST) return parsed;
  // Before the lookup: a SERVICE or agent key learns nothing of which keys
  // exist.
  CORDON_RETURN_IF_ERROR(AuthorizeRole(principal));
  CORDON_ASSIGN_OR_RETURN(ApiKey key, keys_->Get(parsed.api_key));
  absl::StatusOr<core::AccountName> account =
      core::ParseAccountName(key.account());
  if (!account.ok()) {
    // A provider key: invisible to account principals.
    return absl::NotFoundError(name + " not found");
  }
  CORDON_RETURN_IF_ERROR(
      Authorize(principal, Access::kWrite, {account->account, 0}, name));
  return parsed;
}

grpc::Status ApiKeyService::GetApiKey(
    grpc::ServerContext* context, const cordon::v1::GetApiKeyRequest* request,
    cordon::v1::ApiKey* response) {
  const CallInfo info{MethodName<cordon::v1::ApiKeyService>("GetApiKey"), false,
                      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(core::ApiKeyName name,
                            AuthorizeKey(principal, request->name()));
    CORDON_ASSIGN_OR_RETURN(*response, keys_->Get(name.api_key));
    return absl::OkStatus();
  });
}

grpc::Status ApiKeyService::RevokeApiKey(
    grpc::ServerContext* context,
    const cordon::v1::RevokeApiKeyRequest* request,
    cordon::v1::ApiKey* response) {
  const CallInfo info{MethodName<cordon::v1::ApiKeyService>("RevokeApiKey"),
                      true, request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(core::ApiKeyName name,
                            AuthorizeKey(principal, request->name()));
    CORDON_ASSIGN_OR_RETURN(*response,
                            keys_->Revoke(principal.actor, name.api_key));
    return absl::OkStatus();
  });
}

}  // namespace cordon::api
