#include "server/engine/tenancy/agent_key_manager.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/errors.h"
#include "server/core/validation.h"
#include "server/engine/common/page_scan.h"
#include "server/engine/common/rows.h"
#include "server/engine/tenancy/organization_manager.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

using cordon::store::ApiKeyRecord;
using cordon::v1::AgentKey;
using cordon::v1::ApiKey;

bool IsAgentKeyOf(const ApiKey& key, const core::OrganizationName& org) {
  return key.role() == cordon::v1::AGENT &&
         key.organization() == org.ToString() && key.state() == ApiKey::ACTIVE;
}

}  // namespace

AgentKey AgentKeyManager::AgentKeyOf(const ApiKey& key) {
  AgentKey agent_key;
  absl::StatusOr<core::ApiKeyName> id = core::ParseApiKeyName(key.name());
  absl::StatusOr<core::OrganizationName> org =
      core::ParseOrganizationName(key.organization());
  if (id.ok() && org.ok()) {
    agent_key.set_name(
        core::AgentKeyName{org->account, org->organization, id->api_key}
            .ToString());
  }
  agent_key.set_display_name(key.display_name());
  *agent_key.mutable_create_time() = key.create_time();
  return agent_key;
}

absl::StatusOr<AgentKeyManager::Created> AgentKeyManager::Create(
    const Actor& actor, const core::OrganizationName& organization,
    const AgentKey& input, const IdempotentCall& call) {
  CORDON_RETURN_IF_ERROR(
      core::ForField("agent_key.display_name",
                     core::ValidateDisplayName(input.display_name())));
  ApiKey key;
  key.set_display_name(input.display_name());
  key.set_role(cordon::v1::AGENT);
  key.set_account(organization.parent().ToString());
  key.set_organization(organization.ToString());
  CORDON_ASSIGN_OR_RETURN(
      cordon::store::CreatedApiKey created,
      CreateOnce<cordon::store::CreatedApiKey>(
          *db_, call, clock_->Now(),
          [&](store::Transaction& txn)
              -> absl::StatusOr<cordon::store::CreatedApiKey> {
            // The organization must exist, and stays while the key is made.
            CORDON_RETURN_IF_ERROR(
                OrganizationManager::ShareOrganization(
                    txn, organization.account, organization.organization)
                    .status());
            return keys_->Insert(txn, actor, key);
          },
          // A retry gets the key but never the secret again.
          [](cordon::store::CreatedApiKey* response) {
            response->clear_secret();
          }));
  return Created{AgentKeyOf(created.api_key()), created.secret()};
}

absl::StatusOr<Page<AgentKey>> AgentKeyManager::List(
    const core::OrganizationName& organization, const PageRequest& page) const {
  CORDON_ASSIGN_OR_RETURN(
      Page<ApiKeyRecord> records,
      ScanPage<ApiKeyRecord>(*db_, store::Family::kApiKeys, "", page,
                             "api key record", [&](const ApiKeyRecord& record) {
                               return IsAgentKeyOf(record.api_key(),
                                                   organization);
                             }));
  Page<AgentKey> result;
  for (const ApiKeyRecord& record : records.items) {
    result.items.push_back(AgentKeyOf(record.api_key()));
  }
  result.resume_after_key = std::move(records.resume_after_key);
  return result;
}

absl::Status AgentKeyManager::Delete(const Actor& actor,
                                     const core::AgentKeyName& name) {
  return store::Transact(*db_, [&](store::Transaction& txn) -> absl::Status {
    ApiKeyRecord record;
    CORDON_ASSIGN_OR_RETURN(
        bool found, txn.GetForUpdate(store::Family::kApiKeys,
                                     store::KeyOf({name.agent_key}), &record));
    if (!found || !IsAgentKeyOf(record.api_key(), name.parent())) {
      return absl::NotFoundError(absl::StrCat(name.ToString(), " not found"));
    }
    txn.Delete(store::Family::kApiKeys, store::KeyOf({name.agent_key}));
    CORDON_RETURN_IF_ERROR(
        audit_->Record(txn, name.account, actor, name.ToString(),
                       absl::StrCat("deleted agent key \"",
                                    record.api_key().display_name(), "\"")));
    return txn.Commit();
  });
}

}  // namespace cordon::engine
