#ifndef CORDON_SERVER_CORE_ISOLATION_ERROR_CLASS_H_
#define CORDON_SERVER_CORE_ISOLATION_ERROR_CLASS_H_

#include "absl/strings/string_view.h"

namespace cordon::core {

// What the outcome of one call to the outside world means for the action that
// made it (ISO-11). Kept apart from graph_error.h so that other classifiers
// (PSA, agent) can map onto the same classes and share the retry policy.
enum class ErrorClass {
  kSuccess,
  // A transient failure: 5xx, 409 Directory_ConcurrencyViolation, timeout.
  kRetryable,
  // The service asked us to slow down (429, 503 with Retry-After).
  kThrottled,
  // A request that will fail the same way however often it is sent.
  kPermanent,
  // The inbox rule is read-only (isReadOnly): Graph cannot change it.
  kReadOnlyRule,
  // The tenant cannot be reached with our credentials until the customer acts
  // (AADSTS errors); raises INTEGRATION_M365_INACCESSIBLE (ESC-2).
  kTenantInaccessible,
  // Graph refused the access token (401 InvalidAuthenticationToken): the
  // adapter dropped it, so one more attempt with a new token may succeed.
  // A second refusal for the same action is final (ClassOfTokenRejection).
  kTokenRejected,
};

// UPPER_SNAKE_CASE, stable: written into audit records and event logs.
absl::string_view ErrorClassName(ErrorClass error_class);

// ISO-11: whether sending the same request again can succeed.
bool IsRetryable(ErrorClass error_class);

// A refused token (kTokenRejected) after `earlier_rejections` refusals of
// the same action: retried once with a new token; when a freshly issued
// token is refused too, more tokens will not help (kPermanent).
ErrorClass ClassOfTokenRejection(int earlier_rejections);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ISOLATION_ERROR_CLASS_H_
