#ifndef CORDON_SERVER_CORE_ISOLATION_GRAPH_ERROR_H_
#define CORDON_SERVER_CORE_ISOLATION_GRAPH_ERROR_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/core/isolation/error_class.h"

namespace cordon::core {

// Whose calls a Retry-After holds back: Graph throttles directory calls per
// app and tenant, Outlook (mailbox) calls per app and mailbox.
enum class ThrottleScope {
  kUnstated,  // the answer did not say (x-ms-throttle-scope): by the call
  kTenant,
  kMailbox,
};

// What one Microsoft Graph call (or the token request before it) answered, as
// the adapter saw it.
struct GraphCallOutcome {
  // HTTP status; 0 when no response arrived (connection failure, timeout).
  int http_status = 0;
  // Graph's error.code, e.g. "Directory_ConcurrencyViolation"; "" if none.
  std::string error_code;
  // The AADSTS code the token endpoint answered, e.g. "AADSTS7000215" (the
  // "AADSTS" prefix is optional); "" if none. See FindAadstsCode.
  std::string aadsts_code;
  // The Retry-After header, if any.
  absl::optional<absl::Duration> retry_after;
  bool timed_out = false;
  // The call changed an inbox rule that Graph lists as isReadOnly.
  bool target_rule_read_only = false;
  ThrottleScope throttle_scope = ThrottleScope::kUnstated;
};

// ISO-11: what the outcome means for the action. Checked in this order:
//   timeout                                       -> kRetryable
//   AADSTS7000215/7000222/700016/65001/90002/     -> kTenantInaccessible
//     700027/7000112
//   2xx                                           -> kSuccess
//   401 InvalidAuthenticationToken                -> kTokenRejected
//   429, or 503/504 with Retry-After              -> kThrottled
//   other 5xx, 408, no response                   -> kRetryable
//   409 Directory_ConcurrencyViolation            -> kRetryable
//   other 4xx on a read-only rule, or with an
//     error code containing "ReadOnly"            -> kReadOnlyRule
//   other 4xx, and anything unexpected (1xx, 3xx) -> kPermanent
// Other AADSTS codes fall through to the HTTP status: the token endpoint
// answers transient trouble with 5xx.
ErrorClass ClassifyGraphOutcome(const GraphCallOutcome& outcome);

// ISO-11: Graph refused the access token the call went with: 401 with the
// code InvalidAuthenticationToken, compared without regard to case (Graph has
// sent other codes in both cases, e.g. syncStateNotFound). The token source
// must forget the token, and the call is retried once (kTokenRejected).
bool RejectsToken(const GraphCallOutcome& outcome);

// ISO-3: the user has no Exchange Online mailbox Graph can reach (none,
// inactive, on-premises): MailboxNotEnabledForRESTAPI or
// MailboxNotSupportedForRESTAPI. There are then no inbox rules to protect.
bool HasNoReachableMailbox(const GraphCallOutcome& outcome);

// The first "AADSTS<digits>" in `text` (Graph and the token endpoint put it at
// the start of error_description), uppercased; "" if there is none.
std::string FindAadstsCode(absl::string_view text);

// ISO-11: the AADSTS codes that no retry fixes, only the customer.
bool IsTenantInaccessibleAadsts(absl::string_view aadsts_code);

// An AADSTS error explained to a partner admin.
struct AadstsDescription {
  bool known = false;         // one of the codes we have text for
  absl::string_view meaning;  // what went wrong
  absl::string_view remedy;   // what the customer / admin must do
};

// ESC-2 INTEGRATION_M365_INACCESSIBLE: text for the escalation and the
// report. Accepts the code with or without the "AADSTS" prefix; unknown codes
// get a generic explanation (known = false).
AadstsDescription DescribeAadstsError(absl::string_view aadsts_code);

// A failed call in words, for a report's action, an identity's last failure
// or the inventory status: the HTTP status and Graph's code, an AADSTS
// code's meaning and remedy, the Retry-After asked for.
std::string DescribeGraphOutcome(const GraphCallOutcome& outcome);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ISOLATION_GRAPH_ERROR_H_
