#ifndef CORDON_SERVER_CORE_ESCALATION_PSA_OUTCOME_H_
#define CORDON_SERVER_CORE_ESCALATION_PSA_OUTCOME_H_

#include <string>

#include "absl/strings/string_view.h"
#include "server/core/isolation/error_class.h"

namespace cordon::core {

// What a PSA's HTTP answer means (ESC-2 type 1), on the classes the retry
// policy knows:
//   2xx                -> kSuccess
//   429, 503           -> kThrottled (Retry-After honoured when given)
//   501                -> kPermanent: not implemented at the other end
//   timeout, 408, 5xx  -> kRetryable
//   401, 403           -> kPermanent: credentials expired or revoked
//   400, 404, 409, 422 and any other 4xx -> kPermanent: the request is
//                         wrong for this PSA (bad board or queue)
ErrorClass ClassifyPsaOutcome(int http_status, bool timed_out);

// Words for the admin: what the answer most likely means and what to fix,
// e.g. "the PSA refused the credentials (HTTP 401): renew the API key".
std::string DescribePsaOutcome(int http_status, bool timed_out,
                               absl::string_view message);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_PSA_OUTCOME_H_
