#include "server/engine/tenancy/organization_manager.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cordon/v1/user.pb.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "server/core/validation.h"
#include "server/core/version.h"
#include "server/engine/common/child_counts.h"
#include "server/engine/common/etag.h"
#include "server/engine/common/page_scan.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/common/update_mask.h"
#include "server/engine/tenancy/account_manager.h"
#include "server/engine/tenancy/dependents.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

using cordon::v1::Organization;

// The most users an account can have (UserManager's limit); bounds the scan
// for users bound to an organization.
constexpr int kMaxUsersScanned = 10000;

const std::vector<std::string>& OrganizationUpdatablePaths() {
  static const auto* paths = new std::vector<std::string>{
      "display_name", "m365_tenant_id", "on_prem_ad_server",
      "excluded_from_isolation"};
  return *paths;
}

absl::Status Validate(const Organization& organization) {
  CORDON_RETURN_IF_ERROR(
      core::ForField("organization.display_name",
                     core::ValidateDisplayName(organization.display_name())));
  if (!organization.m365_tenant_id().empty()) {
    CORDON_RETURN_IF_ERROR(
        core::ForField("organization.m365_tenant_id",
                       core::ValidateTenantId(organization.m365_tenant_id())));
  }
  const std::string& agent = organization.on_prem_ad_server().agent_version();
  if (!agent.empty()) {
    // Checked here rather than trusted later: ISO-9 compares this version
    // numerically to decide between a full and a LIMITED isolation.
    CORDON_RETURN_IF_ERROR(
        core::ForField("organization.on_prem_ad_server.agent_version",
                       core::ParseVersion(agent).status()));
  }
  return absl::OkStatus();
}

// Tenant ids are GUIDs, compared case-insensitively everywhere (Entra
// included); one stored spelling keeps comparisons plain.
void Normalize(Organization* organization) {
  organization->set_m365_tenant_id(
      absl::AsciiStrToLower(organization->m365_tenant_id()));
}

// A tenant is bound to at most one organization in the whole server (issue
// 8): two organizations on one tenant would act on the same identities
// twice. The row is keyed by the stored (lower-case) spelling.
std::string TenantIndexKey(absl::string_view tenant_id) {
  return store::IndexKey(store::IndexKind::kTenantBinding, {}, tenant_id);
}

// Binds `tenant_id` to `organization`. Reading the row for update locks it,
// present or absent, so two concurrent claims serialize and the second sees
// the first's row. The error never says who holds the tenant (TEN-1).
absl::Status ClaimTenant(store::Transaction& txn, absl::string_view tenant_id,
                         const core::OrganizationName& organization) {
  if (tenant_id.empty()) return absl::OkStatus();
  const std::string key = TenantIndexKey(tenant_id);
  const std::string self =
      store::KeyOf({organization.account, organization.organization});
  std::string holder;
  CORDON_ASSIGN_OR_RETURN(
      bool taken, txn.GetRawForUpdate(store::Family::kIndex, key, &holder));
  if (taken && holder != self) {
    return core::FieldTaken(
        "organization.m365_tenant_id",
        absl::StrCat("tenant ", tenant_id,
                     " is already bound to an organization; a Microsoft 365 "
                     "tenant belongs to one organization only"),
        "TENANT_ALREADY_BOUND");
  }
  txn.PutRaw(store::Family::kIndex, key, self);
  return absl::OkStatus();
}

// Frees `tenant_id` when `organization` holds it.
absl::Status ReleaseTenant(store::Transaction& txn, absl::string_view tenant_id,
                           const core::OrganizationName& organization) {
  if (tenant_id.empty()) return absl::OkStatus();
  const std::string key = TenantIndexKey(tenant_id);
  std::string holder;
  CORDON_ASSIGN_OR_RETURN(
      bool taken, txn.GetRawForUpdate(store::Family::kIndex, key, &holder));
  if (taken && holder == store::KeyOf({organization.account,
                                       organization.organization})) {
    txn.Delete(store::Family::kIndex, key);
  }
  return absl::OkStatus();
}

std::string DescribeOnPrem(const Organization& organization) {
  const std::string& agent = organization.on_prem_ad_server().agent_version();
  return absl::StrCat(
      "hybrid directory: on-prem AD server with ",
      agent.empty() ? "no Cordon agent" : absl::StrCat("Cordon agent ", agent));
}

std::string DescribeOrganizationExclusion(bool excluded) {
  // ISO-7 exclusions switch off every automated action for the whole
  // organization: the trail must say so in words, not as a field diff.
  return excluded ? "ISO-7: organization EXCLUDED from automated isolation; "
                    "its identities get no automated session revoke, disable "
                    "or inbox-rule change"
                  : "ISO-7: organization exclusion REMOVED; automated "
                    "isolation applies to its identities again";
}

std::string DescribeCreate(const Organization& organization) {
  std::vector<std::string> parts = {absl::StrCat(
      "created organization \"", organization.display_name(), "\"")};
  if (!organization.m365_tenant_id().empty()) {
    parts.push_back(
        absl::StrCat("M365 tenant ", organization.m365_tenant_id()));
  }
  if (organization.has_on_prem_ad_server()) {
    parts.push_back(DescribeOnPrem(organization));
  }
  if (organization.excluded_from_isolation()) {
    parts.push_back(DescribeOrganizationExclusion(true));
  }
  return absl::StrJoin(parts, "; ");
}

std::string DescribeUpdate(const Organization& before,
                           const Organization& after) {
  std::vector<std::string> changes;
  if (before.display_name() != after.display_name()) {
    changes.push_back(absl::StrCat("display name \"", before.display_name(),
                                   "\" -> \"", after.display_name(), "\""));
  }
  if (before.m365_tenant_id() != after.m365_tenant_id()) {
    changes.push_back(
        after.m365_tenant_id().empty()
            ? absl::StrCat("M365 tenant ", before.m365_tenant_id(), " unbound")
            : absl::StrCat(
                  "M365 tenant set to ", after.m365_tenant_id(),
                  before.m365_tenant_id().empty()
                      ? ""
                      : absl::StrCat(" (was ", before.m365_tenant_id(), ")")));
  }
  if (before.has_on_prem_ad_server() != after.has_on_prem_ad_server() ||
      before.on_prem_ad_server().agent_version() !=
          after.on_prem_ad_server().agent_version()) {
    changes.push_back(after.has_on_prem_ad_server()
                          ? DescribeOnPrem(after)
                          : "on-prem AD server removed (cloud-only directory)");
  }
  if (before.excluded_from_isolation() != after.excluded_from_isolation()) {
    changes.push_back(
        DescribeOrganizationExclusion(after.excluded_from_isolation()));
  }
  if (changes.empty()) return "no change";
  return absl::StrJoin(changes, "; ");
}

// Whether a user of `account` is bound to the organization named
// `organization`. Bounded by the per-account user limit.
absl::StatusOr<bool> HasOrganizationUsers(const store::Database& db,
                                          const std::string& organization,
                                          uint64_t account) {
  bool found = false;
  CORDON_RETURN_IF_ERROR(ScanRows<cordon::v1::User>(
      db, store::Family::kUsers, store::KeyOf({account}), kMaxUsersScanned,
      "user record", [&](const cordon::v1::User& user) {
        found = user.organization() == organization;
        return !found;
      }));
  return found;
}

}  // namespace

absl::Status OrganizationManager::TenantBound(store::Transaction& txn,
                                              const core::OrganizationName& org,
                                              const std::string& tenant) const {
  if (tenant.empty() || !on_tenant_bound_) return absl::OkStatus();
  return on_tenant_bound_(txn, org, tenant);
}

absl::StatusOr<Organization> OrganizationManager::LockOrganization(
    store::Transaction& txn, uint64_t account, uint64_t organization) {
  return LockRow<Organization>(
      txn, store::Family::kOrganizations, store::KeyOf({account, organization}),
      core::OrganizationName{account, organization}.ToString());
}

absl::StatusOr<Organization> OrganizationManager::ShareOrganization(
    store::Transaction& txn, uint64_t account, uint64_t organization) {
  Organization row;
  CORDON_ASSIGN_OR_RETURN(
      bool found, txn.GetForShare(store::Family::kOrganizations,
                                  store::KeyOf({account, organization}), &row));
  if (!found) {
    return absl::NotFoundError(
        absl::StrCat(core::OrganizationName{account, organization}.ToString(),
                     " not found"));
  }
  return row;
}

absl::StatusOr<Organization> OrganizationManager::Create(
    const Actor& actor, uint64_t account, const Organization& input,
    const IdempotentCall& call) {
  CORDON_RETURN_IF_ERROR(Validate(input));
  return CreateOnce<Organization>(
      *db_, call, clock_->Now(),
      [&](store::Transaction& txn) -> absl::StatusOr<Organization> {
        // The account lock orders this create against DeleteAccount, which
        // looks for organizations under the same lock, and against other
        // creates in the account, so the count below cannot be overtaken.
        CORDON_RETURN_IF_ERROR(
            AccountManager::LockAccount(txn, account).status());
        CORDON_ASSIGN_OR_RETURN(
            int64_t count, LockChildCount(txn, store::Family::kOrganizations,
                                          store::KeyOf({account})));
        if (count >= kMaxOrganizationsPerAccount) {
          return core::WithReason(
              absl::ResourceExhaustedError(
                  absl::StrCat("an account has at most ",
                               kMaxOrganizationsPerAccount, " organizations")),
              "TOO_MANY_ORGANIZATIONS");
        }
        CORDON_ASSIGN_OR_RETURN(uint64_t id, db_->NextId());
        Organization organization;
        organization.set_name(core::OrganizationName{account, id}.ToString());
        organization.set_display_name(input.display_name());
        organization.set_m365_tenant_id(input.m365_tenant_id());
        if (input.has_on_prem_ad_server()) {
          *organization.mutable_on_prem_ad_server() = input.on_prem_ad_server();
        }
        organization.set_excluded_from_isolation(
            input.excluded_from_isolation());
        Normalize(&organization);
        CORDON_RETURN_IF_ERROR(
            ClaimTenant(txn, organization.m365_tenant_id(),
                        core::OrganizationName{account, id}));
        CORDON_RETURN_IF_ERROR(
            TenantBound(txn, {account, id}, organization.m365_tenant_id()));
        StampWrite(&organization, clock_->Now(), /*creating=*/true);
        txn.Put(store::Family::kOrganizations, store::KeyOf({account, id}),
                organization);
        CORDON_RETURN_IF_ERROR(
            AddToLockedChildCount(txn, store::Family::kOrganizations,
                                  store::KeyOf({account}), count, 1));
        CORDON_RETURN_IF_ERROR(audit_->Record(txn, account, actor,
                                              organization.name(),
                                              DescribeCreate(organization)));
        return organization;
      });
}

absl::StatusOr<Organization> OrganizationManager::Get(
    uint64_t account, uint64_t organization) const {
  return ReadRow<Organization>(
      *db_, store::Family::kOrganizations,
      store::KeyOf({account, organization}),
      core::OrganizationName{account, organization}.ToString(),
      "organization record");
}

absl::StatusOr<Page<Organization>> OrganizationManager::List(
    uint64_t account, const ListQuery& query, const PageRequest& page) const {
  CORDON_RETURN_IF_ERROR(CheckRowExists(*db_, store::Family::kAccounts,
                                        store::KeyOf({account}),
                                        core::AccountName{account}.ToString()));
  // Narrowing the prefix to one organization's key keeps an
  // ORGANIZATION_USER's listing to its own organization, whatever the
  // page token says.
  const std::string prefix = query.organization
                                 ? store::KeyOf({account, *query.organization})
                                 : store::KeyOf({account});
  return ScanPage<Organization>(
      *db_, store::Family::kOrganizations, prefix, page, "organization record",
      [&](const Organization& organization) {
        return !query.excluded_from_isolation ||
               organization.excluded_from_isolation() ==
                   *query.excluded_from_isolation;
      });
}

absl::StatusOr<Organization> OrganizationManager::Update(
    const Actor& actor, const Organization& patch,
    const google::protobuf::FieldMask& mask) {
  CORDON_ASSIGN_OR_RETURN(core::OrganizationName name,
                          core::ParseOrganizationName(patch.name()));
  CORDON_ASSIGN_OR_RETURN(
      Organization committed,
      store::Transact(
          *db_, [&](store::Transaction& t) -> absl::StatusOr<Organization> {
            CORDON_ASSIGN_OR_RETURN(
                Organization before,
                LockOrganization(t, name.account, name.organization));
            CORDON_RETURN_IF_ERROR(CheckEtag(patch.etag(), before.etag()));
            Organization after = before;
            CORDON_RETURN_IF_ERROR(ApplyUpdateMask(
                mask, OrganizationUpdatablePaths(), patch, &after));
            if (before.has_on_prem_ad_server() &&
                after.has_on_prem_ad_server()) {
              // ISO-15: what the agent reported is not the patch's to change.
              *after.mutable_on_prem_ad_server() = before.on_prem_ad_server();
            }
            CORDON_RETURN_IF_ERROR(Validate(after));
            Normalize(&after);
            if (after.m365_tenant_id() != before.m365_tenant_id()) {
              CORDON_RETURN_IF_ERROR(
                  ReleaseTenant(t, before.m365_tenant_id(), name));
              CORDON_RETURN_IF_ERROR(
                  ClaimTenant(t, after.m365_tenant_id(), name));
              CORDON_RETURN_IF_ERROR(
                  TenantBound(t, name, after.m365_tenant_id()));
            }
            const std::string summary = DescribeUpdate(before, after);
            StampWrite(&after, clock_->Now(), /*creating=*/false);
            t.Put(store::Family::kOrganizations,
                  store::KeyOf({name.account, name.organization}), after);
            CORDON_RETURN_IF_ERROR(
                audit_->Record(t, name.account, actor, after.name(), summary));
            CORDON_RETURN_IF_ERROR(t.Commit());
            return after;
          }));
  return committed;
}

absl::Status OrganizationManager::Delete(const Actor& actor, uint64_t account,
                                         uint64_t organization,
                                         const std::string& etag) {
  return store::Transact(*db_, [&](store::Transaction& t) -> absl::Status {
    // Identity creates lock the organization too, so none can slip in
    // between the emptiness check and the delete.
    CORDON_ASSIGN_OR_RETURN(Organization stored,
                            LockOrganization(t, account, organization));
    CORDON_RETURN_IF_ERROR(CheckEtag(etag, stored.etag()));
    CORDON_ASSIGN_OR_RETURN(
        int64_t identities,
        LockChildCount(t, store::Family::kIdentities,
                       store::KeyOf({account, organization})));
    if (identities > 0) {
      return core::WithReason(
          absl::FailedPreconditionError(absl::StrCat(
              stored.name(), " still has identities; delete them first")),
          "ORGANIZATION_NOT_EMPTY");
    }
    // Parts that sum to zero may each be other than zero: none stays.
    ClearChildCount(t, store::Family::kIdentities,
                    store::KeyOf({account, organization}));
    // An ORGANIZATION_USER bound to a deleted organization would keep a key
    // that reads nothing. Creating or moving such a user locks this
    // organization's row too, so none can be bound while this check runs.
    CORDON_ASSIGN_OR_RETURN(bool has_users,
                            HasOrganizationUsers(*db_, stored.name(), account));
    if (has_users) {
      return core::WithReason(
          absl::FailedPreconditionError(absl::StrCat(
              stored.name(),
              " still has organization users; delete them or move them to "
              "another organization first")),
          "ORGANIZATION_NOT_EMPTY");
    }
    CORDON_RETURN_IF_ERROR(
        ReleaseTenant(t, stored.m365_tenant_id(), {account, organization}));
    t.Delete(store::Family::kOrganizations,
             store::KeyOf({account, organization}));
    CORDON_RETURN_IF_ERROR(AddChildCount(t, store::Family::kOrganizations,
                                         store::KeyOf({account}), -1));
    // The tenant inventory's links (ISO-12) go with the organization.
    t.Delete(store::Family::kInventory, store::KeyOf({account, organization}));
    CORDON_ASSIGN_OR_RETURN(
        std::string dependents,
        DeleteOrganizationDependents(
            *db_, t, core::OrganizationName{account, organization}));
    CORDON_RETURN_IF_ERROR(audit_->Record(
        t, account, actor, stored.name(),
        absl::StrCat("deleted organization \"", stored.display_name(), "\"",
                     dependents.empty() ? "" : " with ", dependents)));
    return t.Commit();
  });
}

}  // namespace cordon::engine
