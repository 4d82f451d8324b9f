#include "server/core/escalation/psa_outcome.h"

#include "absl/strings/str_cat.h"

namespace cordon::core {

ErrorClass ClassifyPsaOutcome(int http_status, bool timed_out) {
  if (timed_out) return ErrorClass::kRetryable;
  if (http_status >= 200 && http_status < 300) return ErrorClass::kSuccess;
  if (http_status == 429 || http_status == 503) return ErrorClass::kThrottled;
  // Not Implemented: the other end cannot do this at all.
  if (http_status == 501) return ErrorClass::kPermanent;
  if (http_status == 408 || http_status >= 500) return ErrorClass::kRetryable;
  return ErrorClass::kPermanent;
}

std::string DescribePsaOutcome(int http_status, bool timed_out,
                               absl::string_view message) {
  std::string text;
  if (timed_out) {
    text = "the PSA did not answer in time";
  } else if (http_status == 401 || http_status == 403) {
    text = absl::StrCat("the PSA refused the credentials (HTTP ", http_status,
                        "): renew the API key of the integration");
  } else if (http_status == 429 || http_status == 503) {
    text =
        absl::StrCat("the PSA asked us to slow down (HTTP ", http_status, ")");
  } else if (http_status == 501) {
    text = "the PSA connection cannot create tickets (HTTP 501)";
  } else if (http_status >= 500 || http_status == 408) {
    text = absl::StrCat("the PSA failed (HTTP ", http_status, ")");
  } else if (http_status >= 400) {
    text = absl::StrCat("the PSA rejected the ticket (HTTP ", http_status,
                        "): check the board or queue of the integration");
  } else {
    text = absl::StrCat("the PSA answered HTTP ", http_status);
  }
  if (!message.empty()) absl::StrAppend(&text, ": ", message);
  return text;
}

}  // namespace cordon::core
