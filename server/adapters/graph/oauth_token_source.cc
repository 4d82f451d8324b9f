#include "server/adapters/graph/oauth_token_source.h"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/core/validation.h"

namespace cordon::adapters::graph {
namespace {

TokenResult InvalidTenant(absl::string_view tenant_id) {
  TokenResult result;
  result.failure.http_status = 400;
  result.detail = absl::StrCat("tenant id \"", absl::CHexEscape(tenant_id),
                               "\" is not a GUID; no token request sent");
  return result;
}

TokenResult Cached(const std::string& access_token) {
  TokenResult result;
  result.ok = true;
  result.access_token = access_token;
  return result;
}

}  // namespace

OAuthTokenSource::OAuthTokenSource(
    Options options, std::unique_ptr<const ClientCredential> credential,
    http::HttpClient& client, const ports::Clock& clock)
    : options_(std::move(options)),
      credential_(std::move(credential)),
      client_(client),
      clock_(clock) {}

OAuthTokenSource::~OAuthTokenSource() = default;

TokenResult OAuthTokenSource::Token(absl::string_view tenant_id) {
  if (!core::ValidateTenantId(tenant_id).ok()) return InvalidTenant(tenant_id);
  std::shared_ptr<Tenant> tenant = TenantFor(tenant_id, /*create=*/true);
  std::unique_lock<std::mutex> lock(tenant->mutex);
  if (!tenant->access_token.empty() && clock_.Now() < tenant->refresh_at) {
    return Cached(tenant->access_token);
  }
  if (tenant->fetching) return WaitForFetch(*tenant, lock);
  return FetchAndPublish(tenant_id, *tenant, lock);
}

void OAuthTokenSource::Invalidate(absl::string_view tenant_id,
                                  absl::string_view access_token) {
  std::shared_ptr<Tenant> tenant = TenantFor(tenant_id, /*create=*/false);
  if (tenant == nullptr) return;
  std::lock_guard<std::mutex> lock(tenant->mutex);
  // A caller that held an older token must not throw away the newer one
  // another caller fetched meanwhile.
  if (!access_token.empty() && tenant->access_token == access_token) {
    tenant->access_token.clear();
  }
}

std::shared_ptr<OAuthTokenSource::Tenant> OAuthTokenSource::TenantFor(
    absl::string_view tenant_id, bool create) {
  std::lock_guard<std::mutex> lock(tenants_mutex_);
  auto it = tenants_.find(tenant_id);
  if (it != tenants_.end()) return it->second;
  if (!create) return nullptr;
  auto tenant = std::make_shared<Tenant>();
  tenants_.emplace(std::string(tenant_id), tenant);
  return tenant;
}

TokenResult OAuthTokenSource::WaitForFetch(Tenant& tenant,
                                           std::unique_lock<std::mutex>& lock) {
  const uint64_t seen = tenant.fetches_done;
  if (options_.on_caller_waiting) options_.on_caller_waiting();
  tenant.fetched.wait(lock, [&] { return tenant.fetches_done != seen; });
  return tenant.last_result;
}

// The request goes out without the tenant's lock, so that callers arriving
// meanwhile can queue up behind it (and Invalidate is not held up).
TokenResult OAuthTokenSource::FetchAndPublish(
    absl::string_view tenant_id, Tenant& tenant,
    std::unique_lock<std::mutex>& lock) {
  tenant.fetching = true;
  tenant.access_token.clear();
  lock.unlock();
  // The lifetime counts from before the request left: never trust a token
  // longer than the endpoint meant.
  const absl::Time asked_at = clock_.Now();
  TokenAnswer answer =
      RequestToken(client_, *credential_, options_.endpoint, tenant_id, clock_);
  if (options_.on_fetched) options_.on_fetched(answer.result);
  lock.lock();
  if (answer.result.ok) {
    tenant.access_token = answer.result.access_token;
    tenant.refresh_at =
        asked_at + answer.expires_in - MarginFor(answer.expires_in);
  }
  tenant.last_result = answer.result;
  tenant.fetching = false;
  ++tenant.fetches_done;
  tenant.fetched.notify_all();
  return std::move(answer.result);
}

// A short-lived token is refreshed halfway through, so that it is never
// used in its last moments nor fetched anew on every call.
absl::Duration OAuthTokenSource::MarginFor(absl::Duration lifetime) const {
  return std::min(options_.refresh_margin, lifetime / 2);
}

}  // namespace cordon::adapters::graph
