#include "server/core/isolation/error_class.h"

namespace cordon::core {

absl::string_view ErrorClassName(ErrorClass error_class) {
  switch (error_class) {
    case ErrorClass::kSuccess:
      return "SUCCESS";
    case ErrorClass::kRetryable:
      return "RETRYABLE";
    case ErrorClass::kThrottled:
      return "THROTTLED";
    case ErrorClass::kPermanent:
      return "PERMANENT";
    case ErrorClass::kReadOnlyRule:
      return "READ_ONLY_RULE";
    case ErrorClass::kTenantInaccessible:
      return "TENANT_INACCESSIBLE";
    case ErrorClass::kTokenRejected:
      return "TOKEN_REJECTED";
  }
  return "UNKNOWN";
}

bool IsRetryable(ErrorClass error_class) {
  return error_class == ErrorClass::kRetryable ||
         error_class == ErrorClass::kThrottled ||
         error_class == ErrorClass::kTokenRejected;
}

ErrorClass ClassOfTokenRejection(int earlier_rejections) {
  return earlier_rejections == 0 ? ErrorClass::kTokenRejected
                                 : ErrorClass::kPermanent;
}

}  // namespace cordon::core
