#include "server/engine/tenancy/identity_manager.h"

#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/errors.h"
#include "server/core/validation.h"
#include "server/engine/common/child_counts.h"
#include "server/engine/common/etag.h"
#include "server/engine/common/page_scan.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/common/update_mask.h"
#include "server/engine/inventory/inventory_tally.h"
#include "server/engine/tenancy/dependents.h"
#include "server/engine/tenancy/organization_manager.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

using cordon::v1::Identity;
using cordon::v1::Organization;

const std::vector<std::string>& IdentityUpdatablePaths() {
  static const auto* paths =
      new std::vector<std::string>{"display_name", "upn", "usage_location",
                                   "excluded_from_isolation", "source"};
  return *paths;
}

std::string IdentityKey(const core::IdentityName& name) {
  return store::KeyOf({name.account, name.organization, name.identity});
}

absl::Status Validate(const Identity& identity) {
  CORDON_RETURN_IF_ERROR(
      core::ForField("identity.upn", core::ValidateUpn(identity.upn())));
  // Optional: directory sync may deliver identities without one.
  if (!identity.display_name().empty()) {
    CORDON_RETURN_IF_ERROR(
        core::ForField("identity.display_name",
                       core::ValidateDisplayName(identity.display_name())));
  }
  if (identity.source() != Identity::CLOUD_ONLY &&
      identity.source() != Identity::HYBRID_SYNCED) {
    return core::InvalidField("identity.source",
                              "required: CLOUD_ONLY or HYBRID_SYNCED");
  }
  // Required: LOGIN_UNEXPECTED_COUNTRY (ESC-2) compares sign-ins with it.
  if (identity.usage_location().empty()) {
    return core::InvalidField(
        "identity.usage_location",
        "required: the Entra usage location, ISO 3166-1 alpha-2 (e.g. NL)");
  }
  return core::ForField("identity.usage_location",
                        core::ValidateCountryCode(identity.usage_location()));
}

// ISO-9: a synced identity's isolation depends on the organization's on-prem
// AD server, so an organization without one cannot hold synced identities.
absl::Status CheckHybridAllowed(const Organization& organization) {
  if (organization.has_on_prem_ad_server()) return absl::OkStatus();
  return core::InvalidField(
      "identity.source",
      absl::StrCat("HYBRID_SYNCED needs an on-prem AD server: set "
                   "on_prem_ad_server on ",
                   organization.name(), " first, or use CLOUD_ONLY"),
      "ORGANIZATION_NOT_HYBRID");
}

// ALREADY_EXISTS, but naming identity.upn like a bad field does, so a client
// can point at the input that collides.
absl::Status UpnTaken(absl::string_view upn) {
  const absl::Status field = core::InvalidField(
      "identity.upn",
      absl::StrCat("\"", upn,
                   "\" is already the UPN of another identity of this "
                   "organization (UPNs compare case-insensitively)"),
      "UPN_TAKEN");
  absl::Status taken = absl::AlreadyExistsError(field.message());
  field.ForEachPayload([&](absl::string_view type, const absl::Cord& payload) {
    taken.SetPayload(type, payload);
  });
  return taken;
}

// The UPN row goes only when it is this identity's: one deleted in the
// tenant may have passed its UPN on to a new user (ISO-12).
absl::Status DeleteIndexRows(store::Transaction& txn,
                             const core::IdentityName& name,
                             const Identity& stored) {
  const std::string upn_key = IdentityManager::UpnIndexKey(
      name.account, name.organization, stored.upn());
  std::string holder;
  CORDON_ASSIGN_OR_RETURN(
      bool found, txn.GetRawForUpdate(store::Family::kIndex, upn_key, &holder));
  if (found && holder == store::KeyOf({name.identity})) {
    txn.Delete(store::Family::kIndex, upn_key);
  }
  if (!stored.entra_object_id().empty()) {
    txn.Delete(store::Family::kIndex,
               IdentityManager::ObjectIdIndexKey(
                   name.account, name.organization, stored.entra_object_id()));
  }
  return absl::OkStatus();
}

std::string DescribeIdentityExclusion(bool excluded) {
  // ISO-7: an exclusion switches off every automated action for the
  // identity; the trail must say so in words.
  return excluded ? "ISO-7: identity EXCLUDED from automated isolation; it "
                    "gets no automated session revoke, disable or "
                    "inbox-rule change"
                  : "ISO-7: identity exclusion REMOVED; automated isolation "
                    "applies to it again";
}

std::string DescribeCreate(const Identity& identity) {
  std::string summary =
      absl::StrCat("created identity ", identity.upn(), " (",
                   Identity::Source_Name(identity.source()),
                   ", usage location ", identity.usage_location(), ")");
  if (identity.excluded_from_isolation()) {
    absl::StrAppend(&summary, "; ", DescribeIdentityExclusion(true));
  }
  return summary;
}

std::string DescribeUpdate(const Identity& before, const Identity& after) {
  std::vector<std::string> changes;
  if (before.upn() != after.upn()) {
    changes.push_back(absl::StrCat("UPN ", before.upn(), " -> ", after.upn()));
  }
  if (before.display_name() != after.display_name()) {
    changes.push_back(absl::StrCat("display name \"", before.display_name(),
                                   "\" -> \"", after.display_name(), "\""));
  }
  if (before.source() != after.source()) {
    changes.push_back(
        absl::StrCat("source ", Identity::Source_Name(before.source()), " -> ",
                     Identity::Source_Name(after.source())));
  }
  if (before.usage_location() != after.usage_location()) {
    changes.push_back(absl::StrCat("usage location ", before.usage_location(),
                                   " -> ", after.usage_location()));
  }
  if (before.excluded_from_isolation() != after.excluded_from_isolation()) {
    changes.push_back(
        DescribeIdentityExclusion(after.excluded_from_isolation()));
  }
  if (changes.empty()) return absl::StrCat(after.upn(), ": no change");
  return absl::StrCat(after.upn(), ": ", absl::StrJoin(changes, "; "));
}

}  // namespace

std::string IdentityManager::UpnIndexKey(uint64_t account,
                                         uint64_t organization,
                                         absl::string_view upn) {
  return store::IndexKey(store::IndexKind::kIdentityUpn,
                         {account, organization},
                         core::NormalizeCaseInsensitiveKey(upn));
}

std::string IdentityManager::ObjectIdIndexKey(uint64_t account,
                                              uint64_t organization,
                                              absl::string_view object_id) {
  return store::IndexKey(store::IndexKind::kIdentityObjectId,
                         {account, organization},
                         core::NormalizeCaseInsensitiveKey(object_id));
}

absl::StatusOr<Identity> IdentityManager::Create(
    const Actor& actor, const core::OrganizationName& parent,
    const Identity& input, const IdempotentCall& call) {
  CORDON_RETURN_IF_ERROR(Validate(input));
  return CreateOnce<Identity>(
      *db_, call, clock_->Now(),
      [&](store::Transaction& txn) -> absl::StatusOr<Identity> {
        // A shared lock on the organization orders this create against its
        // update and its delete (which requires no identities) but not
        // against other creates in it: those run side by side and share
        // their synced commits (issue 14).
        CORDON_ASSIGN_OR_RETURN(Organization organization,
                                OrganizationManager::ShareOrganization(
                                    txn, parent.account, parent.organization));
        if (input.source() == Identity::HYBRID_SYNCED) {
          CORDON_RETURN_IF_ERROR(CheckHybridAllowed(organization));
        }
        const std::string parent_key =
            store::KeyOf({parent.account, parent.organization});
        // The committed count: creates under way in other transactions
        // are not in it, so the cap may be passed by as many as run at
        // once (it bounds a store's size, not an exact quota).
        CORDON_ASSIGN_OR_RETURN(
            int64_t count,
            ReadChildCount(*db_, store::Family::kIdentities, parent_key));
        if (count >= kMaxIdentitiesPerOrganization) {
          return core::WithReason(
              absl::ResourceExhaustedError(
                  absl::StrCat("an organization has at most ",
                               kMaxIdentitiesPerOrganization, " identities")),
              "TOO_MANY_IDENTITIES");
        }
        // Locking the index key (present or absent) makes two concurrent
        // creates of one UPN serialize: the second sees the first's row.
        const std::string upn_key = IdentityManager::UpnIndexKey(
            parent.account, parent.organization, input.upn());
        std::string holder;
        CORDON_ASSIGN_OR_RETURN(
            bool taken,
            txn.GetRawForUpdate(store::Family::kIndex, upn_key, &holder));
        if (taken) return UpnTaken(input.upn());
        CORDON_ASSIGN_OR_RETURN(uint64_t id, db_->NextId());
        const core::IdentityName name{parent.account, parent.organization, id};
        Identity identity;
        identity.set_name(name.ToString());
        identity.set_upn(input.upn());
        identity.set_display_name(input.display_name());
        identity.set_source(input.source());
        identity.set_usage_location(input.usage_location());
        identity.set_excluded_from_isolation(input.excluded_from_isolation());
        // Output only: whatever the client sent, a new identity is ACTIVE
        // and holds nothing.
        identity.set_isolation_state(Identity::ACTIVE);
        StampWrite(&identity, clock_->Now(), /*creating=*/true);
        txn.Put(store::Family::kIdentities,
                store::KeyOf({parent.account, parent.organization, id}),
                identity);
        txn.PutRaw(store::Family::kIndex, upn_key, store::KeyOf({id}));
        CORDON_RETURN_IF_ERROR(AddChildCount(txn, store::Family::kIdentities,
                                             parent_key, 1, /*spread=*/id));
        CORDON_RETURN_IF_ERROR(audit_->Record(txn, parent.account, actor,
                                              identity.name(),
                                              DescribeCreate(identity)));
        return identity;
      });
}

absl::StatusOr<Identity> IdentityManager::Get(
    const core::IdentityName& name) const {
  return ReadRow<Identity>(*db_, store::Family::kIdentities, IdentityKey(name),
                           name.ToString(), "identity record");
}

absl::StatusOr<Page<std::string>> IdentityManager::ListStored(
    const core::OrganizationName& parent, const ListQuery& query,
    const PageRequest& page) const {
  CORDON_RETURN_IF_ERROR(CheckRowExists(
      *db_, store::Family::kOrganizations,
      store::KeyOf({parent.account, parent.organization}), parent.ToString()));
  std::function<bool(const Identity&)> keep;
  if (query.isolation_state || query.source || query.excluded_from_isolation) {
    keep = [&query](const Identity& identity) {
      if (query.isolation_state &&
          identity.isolation_state() != *query.isolation_state) {
        return false;
      }
      if (query.source && identity.source() != *query.source) return false;
      return !query.excluded_from_isolation ||
             identity.excluded_from_isolation() ==
                 *query.excluded_from_isolation;
    };
  }
  return ScanRawPage<Identity>(
      *db_, store::Family::kIdentities,
      store::KeyOf({parent.account, parent.organization}), page,
      "identity record", keep);
}

absl::StatusOr<Page<Identity>> IdentityManager::List(
    const core::OrganizationName& parent, const ListQuery& query,
    const PageRequest& page) const {
  CORDON_ASSIGN_OR_RETURN(Page<std::string> stored,
                          ListStored(parent, query, page));
  Page<Identity> parsed;
  parsed.resume_after_key = std::move(stored.resume_after_key);
  parsed.items.resize(stored.items.size());
  for (size_t i = 0; i < stored.items.size(); ++i) {
    if (!parsed.items[i].ParseFromString(stored.items[i])) {
      return RowDoesNotParse("identity record");
    }
  }
  return parsed;
}

absl::StatusOr<Identity> IdentityManager::Update(
    const Actor& actor, const Identity& patch,
    const google::protobuf::FieldMask& mask) {
  CORDON_ASSIGN_OR_RETURN(core::IdentityName name,
                          core::ParseIdentityName(patch.name()));
  const std::string key = IdentityKey(name);
  CORDON_ASSIGN_OR_RETURN(
      Identity committed,
      store::Transact(
          *db_, [&](store::Transaction& t) -> absl::StatusOr<Identity> {
            CORDON_ASSIGN_OR_RETURN(
                Identity before,
                LockRow<Identity>(t, store::Family::kIdentities, key,
                                  name.ToString()));
            CORDON_RETURN_IF_ERROR(CheckEtag(patch.etag(), before.etag()));
            Identity after = before;
            CORDON_RETURN_IF_ERROR(
                ApplyUpdateMask(mask, IdentityUpdatablePaths(), patch, &after));
            CORDON_RETURN_IF_ERROR(Validate(after));
            if (after.source() == Identity::HYBRID_SYNCED &&
                before.source() != Identity::HYBRID_SYNCED) {
              CORDON_ASSIGN_OR_RETURN(Organization organization,
                                      OrganizationManager::ShareOrganization(
                                          t, name.account, name.organization));
              CORDON_RETURN_IF_ERROR(CheckHybridAllowed(organization));
            }
            const std::string old_upn_key = IdentityManager::UpnIndexKey(
                name.account, name.organization, before.upn());
            const std::string new_upn_key = IdentityManager::UpnIndexKey(
                name.account, name.organization, after.upn());
            // A change of case only keeps the same index row.
            if (new_upn_key != old_upn_key) {
              std::string holder;
              CORDON_ASSIGN_OR_RETURN(bool taken,
                                      t.GetRawForUpdate(store::Family::kIndex,
                                                        new_upn_key, &holder));
              if (taken) return UpnTaken(after.upn());
              t.Delete(store::Family::kIndex, old_upn_key);
              t.PutRaw(store::Family::kIndex, new_upn_key,
                       store::KeyOf({name.identity}));
            }
            const std::string summary = DescribeUpdate(before, after);
            StampWrite(&after, clock_->Now(), /*creating=*/false);
            t.Put(store::Family::kIdentities, key, after);
            CORDON_RETURN_IF_ERROR(
                audit_->Record(t, name.account, actor, after.name(), summary));
            CORDON_RETURN_IF_ERROR(t.Commit());
            return after;
          }));
  return committed;
}

absl::Status IdentityManager::Delete(const Actor& actor,
                                     const core::IdentityName& name,
                                     const std::string& etag) {
  const std::string key = IdentityKey(name);
  return store::Transact(*db_, [&](store::Transaction& t) -> absl::Status {
    CORDON_ASSIGN_OR_RETURN(
        Identity stored,
        LockRow<Identity>(t, store::Family::kIdentities, key, name.ToString()));
    CORDON_RETURN_IF_ERROR(CheckEtag(etag, stored.etag()));
    // An identity Cordon holds or is acting on would stay disabled in
    // Microsoft 365 with nothing left to re-enable it (ISO-4): release it
    // first (ISO-6). A release whose enable failed for good (RELEASING,
    // nothing pending) may go: retrying is ReleaseIdentity, and an admin who
    // deletes instead has decided; the audit record keeps the failure.
    const bool failed_release =
        stored.isolation_state() == Identity::RELEASING &&
        stored.isolation().pending_actions() == 0;
    if ((stored.isolation_state() != Identity::ACTIVE &&
         stored.isolation_state() != Identity::ISOLATION_STATE_UNSPECIFIED &&
         !failed_release) ||
        stored.isolation().holds_size() > 0 ||
        stored.isolation().pending_actions() > 0) {
      return core::WithReason(
          absl::FailedPreconditionError(absl::StrCat(
              stored.name(), " is ",
              Identity::IsolationState_Name(stored.isolation_state()),
              "; release it before deleting it")),
          "IDENTITY_NOT_RELEASED");
    }
    t.Delete(store::Family::kIdentities, key);
    CORDON_RETURN_IF_ERROR(
        AddChildCount(t, store::Family::kIdentities,
                      store::KeyOf({name.account, name.organization}), -1,
                      /*spread=*/name.identity));
    CORDON_RETURN_IF_ERROR(DeleteIndexRows(t, name, stored));
    CORDON_RETURN_IF_ERROR(ForgetTenantIdentity(t, name, stored));
    CORDON_ASSIGN_OR_RETURN(std::string dependents,
                            DeleteIdentityDependents(*db_, t, name));
    CORDON_RETURN_IF_ERROR(audit_->Record(
        t, name.account, actor, stored.name(),
        absl::StrCat(
            "deleted identity ", stored.upn(),
            dependents.empty() ? "" : " with ", dependents,
            failed_release
                ? absl::StrCat("; Cordon's re-enable had failed (",
                               stored.isolation().last_failure(),
                               "): the account may still be disabled in "
                               "Microsoft 365")
                : "")));
    return t.Commit();
  });
}

}  // namespace cordon::engine
