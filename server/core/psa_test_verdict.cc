#include "server/core/psa_test_verdict.h"

#include "absl/strings/str_cat.h"

namespace cordon::core {

PsaTestVerdict JudgePsaTest(int http_status, bool timed_out) {
  const std::string status = absl::StrCat(" (HTTP ", http_status, ")");
  if (timed_out || http_status <= 0) {
    return {PsaTestFailure::kUnreachable,
            "the PSA could not be reached: check the endpoint URL and that "
            "the PSA is up"};
  }
  if (http_status >= 200 && http_status < 300) {
    return {PsaTestFailure::kNone,
            "the PSA accepted the credentials and knows the board"};
  }
  if (http_status == 401 || http_status == 403) {
    return {PsaTestFailure::kCredentialsRejected,
            absl::StrCat("the PSA rejected the credentials", status,
                         ": check the user, client id and secret, and that "
                         "the API member may use the board")};
  }
  if (http_status == 400 || http_status == 404 || http_status == 422) {
    return {PsaTestFailure::kBoardNotFound,
            absl::StrCat("the PSA does not know the board, queue or "
                         "customer",
                         status, ": check their ids")};
  }
  if (http_status == 429) {
    return {PsaTestFailure::kThrottled,
            absl::StrCat("the PSA asked us to slow down", status,
                         ": try again in a few minutes")};
  }
  if (http_status >= 500) {
    return {PsaTestFailure::kPsaError,
            absl::StrCat("the PSA failed", status, ": try again later")};
  }
  return {PsaTestFailure::kRejected,
          absl::StrCat("the PSA refused the test", status)};
}

}  // namespace cordon::core
