#include "server/engine/inventory/inventory_page.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "cordon/v1/identity.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "server/core/errors.h"
#include "server/core/validation.h"
#include "server/engine/common/child_counts.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/inventory/inventory_tally.h"
#include "server/engine/tenancy/identity_manager.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::v1::Identity;

// What the tenant says of the user, over what the identity had.
void ApplyProperties(const ports::DirectoryUser& user, Identity* row) {
  row->set_entra_object_id(core::NormalizeCaseInsensitiveKey(user.object_id));
  if (user.upn.has_value()) row->set_upn(*user.upn);
  if (user.on_premises_sync_enabled.has_value()) {
    row->set_source(*user.on_premises_sync_enabled ? Identity::HYBRID_SYNCED
                                                   : Identity::CLOUD_ONLY);
  }
  if (user.usage_location.has_value()) {
    row->set_usage_location(*user.usage_location);
  }
  if (row->deleted_in_tenant()) {  // restored from the deleted items
    row->set_deleted_in_tenant(false);
    row->clear_delete_time();
  }
}

}  // namespace

void InventoryCounts::Add(const InventoryCounts& other) {
  added += other.added;
  updated += other.updated;
  deleted += other.deleted;
  drift += other.drift;
  conflicts += other.conflicts;
  pages += other.pages;
  over_cap += other.over_cap;
  net_identities += other.net_identities;
}

void InventoryPage::IndexObjectId(store::Transaction& txn,
                                  absl::string_view object_id,
                                  uint64_t identity) {
  txn.PutRaw(store::Family::kIndex,
             IdentityManager::ObjectIdIndexKey(org_.account, org_.organization,
                                               object_id),
             store::KeyOf({identity, round_}));
}

absl::Status InventoryPage::Apply(store::Transaction& txn,
                                  const ports::DirectoryUser& user,
                                  InventoryCounts* counts) {
  if (user.object_id.empty()) return absl::OkStatus();  // nothing to key by
  std::string value;
  CORDON_ASSIGN_OR_RETURN(
      bool known,
      txn.GetRawForUpdate(store::Family::kIndex,
                          IdentityManager::ObjectIdIndexKey(
                              org_.account, org_.organization, user.object_id),
                          &value));
  const absl::optional<uint64_t> identity = store::ReadUint64(value, 0);
  if (known && identity.has_value()) {
    return ApplyKnown(txn, *identity, user, counts);
  }
  // A user Cordon never knew that is gone already: nothing to keep.
  if (user.removed) return absl::OkStatus();
  return ApplyNew(txn, user, counts);
}

absl::StatusOr<absl::optional<uint64_t>> InventoryPage::UpnHolder(
    store::Transaction& txn, absl::string_view upn) {
  std::string value;
  CORDON_ASSIGN_OR_RETURN(
      bool taken, txn.GetRawForUpdate(store::Family::kIndex,
                                      IdentityManager::UpnIndexKey(
                                          org_.account, org_.organization, upn),
                                      &value));
  const absl::optional<uint64_t> holder = store::ReadUint64(value, 0);
  if (!taken || !holder.has_value()) return absl::optional<uint64_t>();
  Identity row;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForUpdate(store::Family::kIdentities,
                       store::KeyOf({org_.account, org_.organization, *holder}),
                       &row));
  // A UPN of a user deleted in the tenant may be given to a new user: the
  // deleted identity keeps it as history, the index row moves on.
  if (!found || row.deleted_in_tenant()) return absl::optional<uint64_t>();
  return holder;
}

absl::Status InventoryPage::ApplyKnown(store::Transaction& txn,
                                       uint64_t identity,
                                       const ports::DirectoryUser& user,
                                       InventoryCounts* counts) {
  const std::string key =
      store::KeyOf({org_.account, org_.organization, identity});
  Identity row;
  CORDON_ASSIGN_OR_RETURN(
      bool found, txn.GetForUpdate(store::Family::kIdentities, key, &row));
  if (!found) {  // deleted in Cordon by an admin: the tenant brings it back
    txn.Delete(store::Family::kIndex,
               IdentityManager::ObjectIdIndexKey(
                   org_.account, org_.organization, user.object_id));
    return user.removed ? absl::OkStatus() : ApplyNew(txn, user, counts);
  }
  const Identity before = row;
  if (user.removed) {
    if (!row.deleted_in_tenant()) {
      row.set_deleted_in_tenant(true);
      *row.mutable_delete_time() = ToTimestamp(now_);
      ++counts->deleted;
    }
  } else {
    if (user.upn.has_value() && !absl::EqualsIgnoreCase(*user.upn, row.upn())) {
      CORDON_ASSIGN_OR_RETURN(absl::optional<uint64_t> holder,
                              UpnHolder(txn, *user.upn));
      if (holder.has_value() && *holder != identity) {
        ++counts->conflicts;
        return absl::OkStatus();
      }
      txn.Delete(store::Family::kIndex,
                 IdentityManager::UpnIndexKey(org_.account, org_.organization,
                                              row.upn()));
      txn.PutRaw(store::Family::kIndex,
                 IdentityManager::UpnIndexKey(org_.account, org_.organization,
                                              *user.upn),
                 store::KeyOf({identity}));
    }
    ApplyProperties(user, &row);
  }
  IndexObjectId(txn, user.object_id, identity);
  counts->net_identities +=
      (IsTenantIdentity(row) ? 1 : 0) - (IsTenantIdentity(before) ? 1 : 0);
  if (!google::protobuf::util::MessageDifferencer::Equals(before, row)) {
    if (!user.removed) ++counts->updated;
    StampWrite(&row, now_, /*creating=*/false);
    txn.Put(store::Family::kIdentities, key, row);
  }
  return CheckEnabled(txn, identity, user, counts);
}

absl::Status InventoryPage::CheckEnabled(store::Transaction& txn,
                                         uint64_t identity,
                                         const ports::DirectoryUser& user,
                                         InventoryCounts* counts) {
  if (user.removed || user.account_enabled != true || !on_enabled_) {
    return absl::OkStatus();
  }
  CORDON_ASSIGN_OR_RETURN(
      bool drift,
      on_enabled_(
          txn, core::IdentityName{org_.account, org_.organization, identity}));
  counts->drift += drift ? 1 : 0;
  return absl::OkStatus();
}

absl::Status InventoryPage::ApplyNew(store::Transaction& txn,
                                     const ports::DirectoryUser& user,
                                     InventoryCounts* counts) {
  if (!user.upn.has_value() || user.upn->empty()) return absl::OkStatus();
  CORDON_ASSIGN_OR_RETURN(absl::optional<uint64_t> holder,
                          UpnHolder(txn, *user.upn));
  if (holder.has_value()) {
    const std::string key =
        store::KeyOf({org_.account, org_.organization, *holder});
    Identity row;
    CORDON_ASSIGN_OR_RETURN(
        bool found, txn.GetForUpdate(store::Family::kIdentities, key, &row));
    // Another tenant user has this UPN: wait for its rename or removal.
    if (!found || !row.entra_object_id().empty()) {
      ++counts->conflicts;
      return absl::OkStatus();
    }
    // An identity created by hand: the tenant's user it names (ISO-12).
    ApplyProperties(user, &row);
    StampWrite(&row, now_, /*creating=*/false);
    txn.Put(store::Family::kIdentities, key, row);
    IndexObjectId(txn, user.object_id, *holder);
    ++counts->updated;
    ++counts->net_identities;
    return CheckEnabled(txn, *holder, user, counts);
  }
  if (room_ <= 0) {  // the cap: the user stays out, and the run says so
    ++counts->over_cap;
    return absl::OkStatus();
  }
  --room_;
  ++created_;
  CORDON_ASSIGN_OR_RETURN(uint64_t id, db_->NextId());
  const core::IdentityName name{org_.account, org_.organization, id};
  Identity row;
  row.set_name(name.ToString());
  row.set_source(Identity::CLOUD_ONLY);
  ApplyProperties(user, &row);
  row.set_isolation_state(Identity::ACTIVE);
  StampWrite(&row, now_, /*creating=*/true);
  txn.Put(store::Family::kIdentities,
          store::KeyOf({org_.account, org_.organization, id}), row);
  txn.PutRaw(
      store::Family::kIndex,
      IdentityManager::UpnIndexKey(org_.account, org_.organization, row.upn()),
      store::KeyOf({id}));
  IndexObjectId(txn, user.object_id, id);
  ++counts->added;
  ++counts->net_identities;
  return absl::OkStatus();
}

absl::Status InventoryPage::CountCreated(store::Transaction& txn) {
  if (created_ == 0) return absl::OkStatus();
  const int created = created_;
  created_ = 0;
  return AddChildCount(txn, store::Family::kIdentities,
                       store::KeyOf({org_.account, org_.organization}), created,
                       /*spread=*/round_);
}

absl::StatusOr<int> InventoryPage::MarkUnseenDeleted(store::Transaction& txn) {
  const std::string prefix = store::IndexKey(
      store::IndexKind::kIdentityObjectId, {org_.account, org_.organization});
  std::vector<std::string> candidates;
  CORDON_RETURN_IF_ERROR(
      db_->Scan(store::Family::kIndex, prefix, "", /*reverse=*/false,
                [&](absl::string_view key, absl::string_view value) {
                  if (store::ReadUint64(value, 8).value_or(0) < round_) {
                    candidates.emplace_back(key);
                  }
                  return true;
                }));
  int marked = 0;
  for (const std::string& index_key : candidates) {
    // This write's own pages count too: read through the transaction.
    std::string value;
    CORDON_ASSIGN_OR_RETURN(
        bool present,
        txn.GetRawForUpdate(store::Family::kIndex, index_key, &value));
    if (!present || store::ReadUint64(value, 8).value_or(0) >= round_) {
      continue;
    }
    ports::DirectoryUser gone;
    gone.object_id = index_key.substr(prefix.size());
    gone.removed = true;
    InventoryCounts counts;
    CORDON_RETURN_IF_ERROR(
        ApplyKnown(txn, *store::ReadUint64(value, 0), gone, &counts));
    marked += counts.deleted;
  }
  return marked;
}

}  // namespace cordon::engine
