#ifndef CORDON_SERVER_CORE_PSA_TEST_VERDICT_H_
#define CORDON_SERVER_CORE_PSA_TEST_VERDICT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace cordon::core {

// What TestPsaIntegration found, by the class of the PSA's answer.
enum class PsaTestFailure {
  kNone,
  kCredentialsRejected,  // 401, 403
  kBoardNotFound,        // 400, 404, 422: board/queue/customer unknown
  kUnreachable,          // timed out or no HTTP answer at all
  kThrottled,            // 429
  kPsaError,             // 5xx
  kRejected,             // any other non-2xx
  kNotConfigured,        // no PSA adapter in this server
  kSecretUnreadable,     // the stored secret does not open
};

struct PsaTestVerdict {
  PsaTestFailure failure = PsaTestFailure::kNone;
  // Plain words for the admin: what is wrong and what to do.
  std::string message;
};

// The verdict on a PSA's answer to a connection test.
PsaTestVerdict JudgePsaTest(int http_status, bool timed_out);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_PSA_TEST_VERDICT_H_
