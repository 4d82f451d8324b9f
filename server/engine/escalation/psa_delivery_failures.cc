#include "server/engine/escalation/psa_delivery_failures.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/rows.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::store::OutboxAction;
using cordon::v1::Escalation;
using cordon::v1::EscalationNotification;

// ESC-7 per severity: the escalation has the severity of what failed
// (ESC-2), so a CRITICAL report never waits under a LOW escalation.
std::string PsaSubject(cordon::v1::Severity severity) {
  return absl::StrCat("psa:", cordon::v1::Severity_Name(severity));
}

Actor DeliveryActor() { return Actor{"system", "", "PsaDeliveryFailures"}; }

// Pending keys: be64(account) be64(organization) be64(report) for reports;
// be64(account) be64(0) be64(escalation) for escalations (no organization
// has id 0, and escalations are account-level resources).
constexpr size_t kOrganizationOffset = 9;
constexpr size_t kIdOffset = 17;

std::string AccountPrefix(uint64_t account) {
  return store::IndexKey(store::IndexKind::kPendingPsaDelivery, {account});
}

}  // namespace

std::string PsaDeliveryFailures::ReportKey(
    const core::IncidentReportName& report) {
  return store::IndexKey(store::IndexKind::kPendingPsaDelivery,
                         {report.account, report.organization, report.report});
}

std::string PsaDeliveryFailures::EscalationKey(
    const core::EscalationName& escalation) {
  return store::IndexKey(store::IndexKind::kPendingPsaDelivery,
                         {escalation.account, 0, escalation.escalation});
}

absl::Status PsaDeliveryFailures::RecordFailure(store::Transaction& txn,
                                                const Failed& failed) {
  txn.PutRaw(store::Family::kIndex, failed.pending_key, "");
  EscalationOccurrence occurrence;
  occurrence.account = failed.account;
  occurrence.type = cordon::v1::INTEGRATION_PSA_DELIVERY_FAILED;
  occurrence.severity = failed.severity;
  occurrence.subject = PsaSubject(failed.severity);
  occurrence.event.set_subject(failed.subject);
  occurrence.event.set_summary(failed.summary);
  CORDON_ASSIGN_OR_RETURN(Escalation escalation,
                          escalations_->Raise(txn, occurrence));
  // An answer given before this failure ("integration fixed") did not fix
  // it: the escalation needs an answer again.
  if (escalation.has_answer()) {
    return escalations_->ReopenAfterFailedRetry(
        txn, escalation.name(),
        absl::StrCat(failed.subject, ": ", failed.summary));
  }
  return absl::OkStatus();
}

absl::Status PsaDeliveryFailures::RecordDone(store::Transaction& txn,
                                             uint64_t account,
                                             const std::string& pending_key,
                                             const std::string& retry_of) {
  txn.Delete(store::Family::kIndex, pending_key);
  if (retry_of.empty()) return absl::OkStatus();
  // The last pending delivery of the account done: the integration works
  // again and every PSA delivery escalation of the account resolves.
  bool pending_left = false;
  CORDON_RETURN_IF_ERROR(db_->Scan(
      store::Family::kIndex, AccountPrefix(account), "", /*reverse=*/false,
      [&](absl::string_view key, absl::string_view) {
        if (key == pending_key) return true;  // deleted in this write
        pending_left = true;
        return false;
      }));
  if (pending_left) return absl::OkStatus();
  for (cordon::v1::Severity severity :
       {cordon::v1::LOW, cordon::v1::HIGH, cordon::v1::CRITICAL}) {
    CORDON_RETURN_IF_ERROR(escalations_->ResolveSubject(
        txn, account, 0, cordon::v1::INTEGRATION_PSA_DELIVERY_FAILED,
        PsaSubject(severity), Escalation::ANSWERED, DeliveryActor()));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> PsaDeliveryFailures::QueueRetries(
    store::Transaction& txn, const Escalation& escalation) {
  CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                          core::ParseEscalationName(escalation.name()));
  struct Pending {
    std::string key;
    uint64_t organization;
    uint64_t id;
  };
  std::vector<Pending> pending;
  absl::Status status;
  CORDON_RETURN_IF_ERROR(db_->Scan(
      store::Family::kIndex, AccountPrefix(name.account), "",
      /*reverse=*/false, [&](absl::string_view key, absl::string_view) {
        const absl::optional<uint64_t> org =
            store::ReadUint64(key, kOrganizationOffset);
        const absl::optional<uint64_t> id = store::ReadUint64(key, kIdOffset);
        if (!org || !id) {
          status = RowDoesNotParse("pending PSA delivery index");
          return false;
        }
        pending.push_back({std::string(key), *org, *id});
        return static_cast<int>(pending.size()) < kMaxPendingRetried;
      }));
  CORDON_RETURN_IF_ERROR(status);
  const absl::Time now = clock_->Now();
  int queued = 0;
  for (const Pending& entry : pending) {
    if (entry.organization == 0) {
      const std::string target =
          core::EscalationName{name.account, entry.id}.ToString();
      CORDON_ASSIGN_OR_RETURN(
          bool wanted, QueueEscalationRetry(txn, target, escalation.name()));
      if (!wanted) txn.Delete(store::Family::kIndex, entry.key);
      queued += wanted;
      continue;
    }
    OutboxAction action;
    action.set_kind(OutboxAction::DELIVER_REPORT_TO_PSA);
    action.set_report(
        core::IncidentReportName{name.account, entry.organization, entry.id}
            .ToString());
    action.set_retry_of(escalation.name());
    CORDON_RETURN_IF_ERROR(outbox_->Enqueue(txn, std::move(action), now));
    ++queued;
  }
  return queued;
}

absl::StatusOr<bool> PsaDeliveryFailures::QueueEscalationRetry(
    store::Transaction& txn, const std::string& escalation,
    const std::string& retry_of) {
  CORDON_ASSIGN_OR_RETURN(absl::optional<Escalation> target,
                          escalations_->LockIfExists(txn, escalation));
  if (!target || target->status() == Escalation::RESOLVED ||
      target->has_answer()) {
    return false;  // nobody needs to hear of it any more
  }
  // The round that failed, to the recipient it failed for.
  const EscalationNotification* failed = nullptr;
  for (const EscalationNotification& entry : target->notifications()) {
    if (entry.channel() == EscalationNotification::PSA) failed = &entry;
  }
  if (failed == nullptr) return false;
  OutboxAction action;
  action.set_kind(OutboxAction::NOTIFY_PSA);
  action.set_escalation(escalation);
  action.set_round(failed->round());
  action.set_recipient(failed->recipient());
  action.set_psa_ticket_id(target->psa_ticket_id());
  action.set_retry_of(retry_of);
  CORDON_RETURN_IF_ERROR(
      outbox_->Enqueue(txn, std::move(action), clock_->Now()));
  return true;
}

}  // namespace cordon::engine
