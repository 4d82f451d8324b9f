#ifndef CORDON_TESTS_SUPPORT_STATUS_DETAILS_H_
#define CORDON_TESTS_SUPPORT_STATUS_DETAILS_H_

#include <string>

#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"

namespace cordon::testing {

// The ErrorInfo reason of a failed call's google.rpc.Status details, or ""
// when there is none.
inline std::string ReasonOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

// The field the BadRequest detail names, or "" when there is none.
inline std::string BadFieldOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad) && bad.field_violations_size() > 0) {
      return bad.field_violations(0).field();
    }
  }
  return "";
}

// The RetryInfo's delay of a refused call; -1 ms when it has none.
inline absl::Duration RetryDelayOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) {
    return absl::Milliseconds(-1);
  }
  for (const auto& any : details.details()) {
    google::rpc::RetryInfo retry;
    if (any.UnpackTo(&retry)) {
      return absl::Seconds(retry.retry_delay().seconds()) +
             absl::Nanoseconds(retry.retry_delay().nanos());
    }
  }
  return absl::Milliseconds(-1);
}

}  // namespace cordon::testing

#endif  // CORDON_TESTS_SUPPORT_STATUS_DETAILS_H_
