#ifndef CORDON_SERVER_STORE_INDEXES_H_
#define CORDON_SERVER_STORE_INDEXES_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "server/store/keys.h"

namespace cordon::store {

// Secondary index keys in Family::kIndex. Each starts with its kind byte so
// the kinds never mix; rows are written in the same transaction as the row
// they index.
enum class IndexKind : char {
  // be64(account) be64(org) upn-lowercased -> be64(identity): UPN unique per
  // organization, case-insensitive.
  kIdentityUpn = 1,
  // be64(account) email-lowercased -> be64(user): email unique per account.
  kUserEmail = 2,
  // be64(account) be64(user) be64(key) -> "": a user's API keys.
  kUserApiKey = 3,
  // be64(account) be64(org) type-byte subject -> be64(escalation): the open
  // escalation of a subject (ESC-7). Present exactly while it is unresolved;
  // org 0 for account-level escalations.
  kOpenEscalationSubject = 4,
  // be64(account) be64(due micros) be64(escalation) -> "": every escalation
  // of an account in due-time order, for ListEscalations. The due time never
  // changes, so the row is written once with the escalation.
  kEscalationByDue = 5,
  // be64(account) be64(org) be64(report) -> "": incident reports the PSA
  // refused, waiting for "integration fixed" (ESC-2 type 1, ESC-8);
  // be64(account) be64(0) be64(escalation) -> "": escalations whose PSA
  // notification it refused (see PsaDeliveryFailures).
  kPendingPsaDelivery = 6,
  // tenant-id-lowercased -> be64(account) be64(org): the one organization a
  // Microsoft 365 tenant is bound to, in the whole server.
  kTenantBinding = 7,
  // be64(account) be64(org) object-id-lowercased -> be64(identity)
  // be64(inventory round that last saw it): the identity of an Entra user
  // (ISO-12).
  kIdentityObjectId = 8,
  // be64(written micros) family-byte row-key -> "": a row that only makes a
  // retry safe (an idempotency record, a telemetry event id), forgotten
  // after --dedup_retention (engine/common/dedup_rows.h).
  kDedupExpiry = 9,
  // be64(account) be64(escalation) 0x01 be64(event id) -> EscalationEvent;
  // be64(account) be64(escalation) 0x00 -> be64(occurrences dropped): an
  // escalation's occurrences, one row each (ESC-7, issue 14;
  // engine/escalation/escalation_events.h).
  kEscalationOccurrence = 10,
  // be64(account) be64(org) be64(stripe) type-byte subject: a lock only,
  // taken by each join of the subject's open escalation and, every stripe,
  // by resolving it (EscalationManager::OpenOrJoin). No row is written; the
  // rows older versions wrote (the escalation last resolved) are deleted by
  // the subject's next resolve.
  kEscalationJoinStripe = 11,
  // family-byte parent-key -> be64(count): how many rows of that family sit
  // under the parent (identities of an organization; organizations, users
  // and access rules of an account), changed in the transaction that adds
  // or removes one, absent at zero (engine/common/child_counts.h).
  kChildCount = 12,
};

inline std::string IndexKey(IndexKind kind, std::initializer_list<uint64_t> ids,
                            absl::string_view tail = "") {
  std::string key(1, static_cast<char>(kind));
  for (uint64_t id : ids) AppendUint64(&key, id);
  key.append(tail.data(), tail.size());
  return key;
}

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_INDEXES_H_
