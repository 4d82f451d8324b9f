#include "server/engine/inventory/inventory_sync.h"

#include <algorithm>
#include <mutex>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/errors.h"
#include "server/core/isolation/error_class.h"
#include "server/engine/common/child_counts.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/inventory/inventory_tally.h"
#include "server/engine/isolation/m365_tenant_access.h"
#include "server/engine/tenancy/organization_manager.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

using cordon::store::InventoryState;
using cordon::v1::InventoryStatus;
using cordon::v1::Organization;

std::string OrgKey(const core::OrganizationName& org) {
  return store::KeyOf({org.account, org.organization});
}

// The run's failure as the RPC answers it: only what may pass by itself
// (throttling, 5xx, a timeout) is UNAVAILABLE; what someone must fix — the
// customer's consent (AADSTS), this server's Graph set-up, a refusal — is
// FAILED_PRECONDITION.
absl::Status InventoryFailure(const core::GraphCallOutcome& outcome,
                              const std::string& failed) {
  if (core::IsTenantInaccessibleAadsts(outcome.aadsts_code)) {
    return core::WithReason(absl::FailedPreconditionError(failed),
                            "INTEGRATION_M365_INACCESSIBLE");
  }
  if (core::ClassifyGraphOutcome(outcome) == core::ErrorClass::kPermanent) {
    return core::WithReason(absl::FailedPreconditionError(failed),
                            "M365_INVENTORY_REFUSED");
  }
  return absl::UnavailableError(failed);
}

}  // namespace

std::mutex* InventorySync::LockFor(const core::OrganizationName& org) {
  std::lock_guard<std::mutex> lock(locks_mu_);
  return &locks_[{org.account, org.organization}];
}

absl::StatusOr<InventoryState> InventorySync::LoadState(
    const core::OrganizationName& org, const std::string& tenant_id) const {
  InventoryState state;
  absl::StatusOr<std::string> stored =
      db_->Get(store::Family::kInventory, OrgKey(org));
  if (stored.ok() && !state.ParseFromString(*stored)) {
    return RowDoesNotParse("inventory state");
  }
  if (!stored.ok() && !absl::IsNotFound(stored.status())) {
    return stored.status();
  }
  if (state.tenant_id() != tenant_id || state.needs_full_round()) {
    // The links go; the round number (which the index remembers), the
    // identity count (of the organization, not the tenant) and the timer
    // chain stay.
    state.set_tenant_id(tenant_id);
    state.clear_delta_link();
    state.clear_next_link();
    state.clear_needs_full_round();
  }
  if (state.next_link().empty() && state.delta_link().empty()) {
    state.set_full_round(true);
  }
  if (!state.identities_counted()) {
    CORDON_ASSIGN_OR_RETURN(int64_t identities,
                            CountTenantIdentities(*db_, org));
    state.set_identities(identities);
  }
  return state;
}

absl::StatusOr<InventoryCounts> InventorySync::Run(
    const core::OrganizationName& org,
    absl::optional<core::GraphCallOutcome>* failed_call,
    store::LeaderTerm fence) {
  std::lock_guard<std::mutex> serial(*LockFor(org));
  CORDON_ASSIGN_OR_RETURN(
      Organization organization,
      ReadRow<Organization>(*db_, store::Family::kOrganizations, OrgKey(org),
                            org.ToString(), "organization record"));
  if (organization.m365_tenant_id().empty()) {
    return core::WithReason(
        absl::FailedPreconditionError(
            absl::StrCat(org.ToString(), " has no Microsoft 365 tenant bound")),
        "ORGANIZATION_NOT_BOUND");
  }
  const std::string& tenant = organization.m365_tenant_id();
  CORDON_ASSIGN_OR_RETURN(InventoryState state, LoadState(org, tenant));
  CORDON_ASSIGN_OR_RETURN(
      int64_t held,
      ReadChildCount(*db_, store::Family::kIdentities, OrgKey(org)));
  const int room = static_cast<int>(
      std::max<int64_t>(0, static_cast<int64_t>(max_identities_) - held));
  InventoryCounts counts;
  bool restarted = false;
  for (int pages = 0; pages < kMaxPagesPerRun; ++pages) {
    const std::string link =
        state.next_link().empty() ? state.delta_link() : state.next_link();
    if (link.empty() && pages == 0) state.set_round(state.round() + 1);
    ports::UsersDeltaPage page;
    const core::GraphCallOutcome outcome =
        graph_->ReadUsersDeltaPage(tenant, link, &page);
    if (core::ClassifyGraphOutcome(outcome) != core::ErrorClass::kSuccess) {
      if (page.resync_required && !restarted) {
        // ISO-12: the token expired; read everything again.
        restarted = true;
        state.clear_next_link();
        state.clear_delta_link();
        state.set_full_round(true);
        state.set_round(state.round() + 1);
        continue;
      }
      if (failed_call != nullptr) *failed_call = outcome;
      const std::string error = core::DescribeGraphOutcome(outcome);
      CORDON_RETURN_IF_ERROR(
          RecordOutcome(org, tenant, error, &outcome, fence));
      const std::string failed =
          absl::StrCat("tenant inventory of ", org.ToString(), ": ", error);
      return InventoryFailure(outcome, failed);
    }
    CORDON_ASSIGN_OR_RETURN(bool done, ApplyPage(org, page, room - counts.added,
                                                 fence, &state, &counts));
    if (done) return counts;
  }
  CORDON_RETURN_IF_ERROR(RecordOutcome(
      org, tenant, "the tenant never stopped paging", nullptr, fence));
  return absl::ResourceExhaustedError(
      absl::StrCat("the tenant inventory of ", org.ToString(),
                   " never stopped paging (", kMaxPagesPerRun, " pages)"));
}

absl::StatusOr<bool> InventorySync::ApplyPage(const core::OrganizationName& org,
                                              const ports::UsersDeltaPage& page,
                                              int room, store::LeaderTerm fence,
                                              InventoryState* state,
                                              InventoryCounts* counts) {
  const absl::Time now = clock_->Now();
  const bool done = page.next_link.empty();
  InventoryCounts page_counts;
  InventoryState after;
  CORDON_RETURN_IF_ERROR(
      store::Transact(*db_, [&](store::Transaction& txn) -> absl::Status {
        txn.FenceWith(fence);
        page_counts = InventoryCounts{.pages = 1};
        after = *state;
        // The organization first, as its creates and its delete take it, so
        // a page never adds identities to an organization being deleted;
        // the last page writes its status onto it, so takes it whole.
        std::string row;
        CORDON_ASSIGN_OR_RETURN(
            bool exists,
            done ? txn.GetRawForUpdate(store::Family::kOrganizations,
                                       OrgKey(org), &row)
                 : txn.GetRawForShare(store::Family::kOrganizations,
                                      OrgKey(org), &row));
        if (!exists) {
          return absl::NotFoundError(
              absl::StrCat(org.ToString(), " was deleted meanwhile"));
        }
        CORDON_RETURN_IF_ERROR(
            ApplyUsers(txn, org, page, room, now, &after, &page_counts));
        CORDON_RETURN_IF_ERROR(AuditPage(txn, org, page_counts));
        if (done) {
          InventoryCounts run = *counts;
          run.Add(page_counts);
          CORDON_RETURN_IF_ERROR(
              WriteStatus(txn, org, now, RunError(run), &after).status());
        }
        return txn.Commit();
      }));
  *state = std::move(after);
  counts->Add(page_counts);
  if (page_counts.drift > 0 && after_drift_) after_drift_();  // ISO-13
  return done;
}

absl::Status InventorySync::ApplyUsers(store::Transaction& txn,
                                       const core::OrganizationName& org,
                                       const ports::UsersDeltaPage& page,
                                       int room, absl::Time now,
                                       InventoryState* after,
                                       InventoryCounts* page_counts) {
  // Others write the state too: deleting an identity by hand changes the
  // count, a binding the timer chain.
  InventoryState stored;
  CORDON_RETURN_IF_ERROR(
      txn.GetForUpdate(store::Family::kInventory, OrgKey(org), &stored)
          .status());
  const int64_t identities =
      stored.identities_counted() ? stored.identities() : after->identities();
  after->set_timer_chain(stored.timer_chain());
  InventoryPage apply(db_, now, org, after->round(), on_enabled_, room);
  for (const ports::DirectoryUser& user : page.users) {
    CORDON_RETURN_IF_ERROR(apply.Apply(txn, user, page_counts));
  }
  CORDON_RETURN_IF_ERROR(apply.CountCreated(txn));
  after->set_next_link(page.next_link);
  if (page.next_link.empty()) {
    after->set_delta_link(page.delta_link);
    if (after->full_round()) {
      CORDON_ASSIGN_OR_RETURN(int gone, apply.MarkUnseenDeleted(txn));
      page_counts->deleted += gone;
      page_counts->net_identities -= gone;
    }
    after->set_full_round(false);
  }
  // Users left out (a UPN clash, the cap) come in by reading all again:
  // a delta round would not list them until they change.
  after->set_needs_full_round(after->needs_full_round() ||
                              page_counts->conflicts > 0 ||
                              page_counts->over_cap > 0);
  after->set_identities(
      std::max<int64_t>(0, identities + page_counts->net_identities));
  after->set_identities_counted(true);
  txn.Put(store::Family::kInventory, OrgKey(org), *after);
  return absl::OkStatus();
}

// Hand-made identities get one record per change; the inventory's changes
// get one per page that made any, with its counts, in the page's own write:
// one record per identity would be 100,000 records for a large tenant's
// first read (and for each full read after a UPN clash), one per run would
// be lost with a crash between pages. A delta run that changes nothing
// records nothing; a typical periodic run changes one page: one record.
absl::Status InventorySync::AuditPage(store::Transaction& txn,
                                      const core::OrganizationName& org,
                                      const InventoryCounts& page_counts) {
  if (page_counts.added + page_counts.updated + page_counts.deleted +
          page_counts.over_cap ==
      0) {
    return absl::OkStatus();
  }
  std::string summary =
      absl::StrCat("tenant inventory: added ", page_counts.added, ", updated ",
                   page_counts.updated, ", marked deleted in the tenant ",
                   page_counts.deleted, " identities");
  if (page_counts.over_cap > 0) {
    absl::StrAppend(&summary, "; ", page_counts.over_cap,
                    " tenant users not added (identity cap)");
  }
  return audit_->Record(txn, org.account, Actor{"system", "", "InventorySync"},
                        org.ToString(), std::move(summary));
}

std::string InventorySync::RunError(const InventoryCounts& run) const {
  if (run.over_cap == 0) return "";
  return absl::StrCat("TOO_MANY_IDENTITIES: ", run.over_cap,
                      " tenant users not added: the organization has at most ",
                      max_identities_, " identities");
}

absl::StatusOr<bool> InventorySync::WriteStatus(
    store::Transaction& txn, const core::OrganizationName& org, absl::Time now,
    const std::string& error, const InventoryState* state) {
  Organization row;
  CORDON_ASSIGN_OR_RETURN(
      bool found,
      txn.GetForUpdate(store::Family::kOrganizations, OrgKey(org), &row));
  if (!found) return false;  // deleted meanwhile
  InventoryStatus* status = row.mutable_inventory();
  *status->mutable_last_sync_time() = ToTimestamp(now);
  status->set_last_outcome(error.empty() ? InventoryStatus::SUCCEEDED
                                         : InventoryStatus::FAILED);
  status->set_last_error(error);
  if (state != nullptr) {
    status->set_identities(static_cast<int32_t>(state->identities()));
  }
  // Output only and rewritten every run: the etag stays, so a client's
  // read-modify-write is not refused because the inventory ran.
  txn.Put(store::Family::kOrganizations, OrgKey(org), row);
  return true;
}

absl::Status InventorySync::RaiseInaccessible(store::Transaction& txn,
                                              const core::OrganizationName& org,
                                              const std::string& tenant,
                                              const std::string& error) {
  EscalationOccurrence occurrence;
  occurrence.account = org.account;
  occurrence.organization = org.organization;
  occurrence.type = cordon::v1::INTEGRATION_M365_INACCESSIBLE;
  // ESC-7: one open escalation per organization and tenant, whichever of
  // the inventory and isolation hit the refusal first; later runs join it.
  occurrence.subject = M365TenantAccess::Subject(tenant);
  occurrence.event.set_subject(org.ToString());
  occurrence.event.set_summary(absl::StrCat("tenant inventory: ", error));
  return escalations_->Raise(txn, occurrence).status();
}

absl::Status InventorySync::RecordOutcome(
    const core::OrganizationName& org, const std::string& tenant,
    const std::string& error, const core::GraphCallOutcome* failed_call,
    store::LeaderTerm fence) {
  const bool inaccessible =
      failed_call != nullptr &&
      core::IsTenantInaccessibleAadsts(failed_call->aadsts_code);
  return store::Transact(*db_, [&](store::Transaction& txn) -> absl::Status {
    txn.FenceWith(fence);
    CORDON_ASSIGN_OR_RETURN(bool found,
                            WriteStatus(txn, org, clock_->Now(), error,
                                        /*state=*/nullptr));
    if (found && inaccessible) {
      CORDON_RETURN_IF_ERROR(RaiseInaccessible(txn, org, tenant, error));
    }
    return txn.Commit();
  });
}

}  // namespace cordon::engine
