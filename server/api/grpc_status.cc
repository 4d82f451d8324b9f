#include "server/api/grpc_status.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "server/core/errors.h"

namespace cordon::api {
namespace {

// google.rpc.RetryInfo: when a refused call (RESOURCE_EXHAUSTED,
// RATE_LIMITED) may come back.
void AddRetryInfo(absl::Duration delay, google::rpc::Status* rpc_status) {
  google::rpc::RetryInfo retry;
  *retry.mutable_retry_delay() =
      google::protobuf::util::TimeUtil::NanosecondsToDuration(
          absl::ToInt64Nanoseconds(delay));
  rpc_status->add_details()->PackFrom(retry);
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  std::string message(status.message());
  if (absl::IsInternal(status) || absl::IsDataLoss(status) ||
      absl::IsUnknown(status)) {
    // The cause is in the call's access log line (CallLog), under the
    // request id the client was sent.
    message = "internal error; the server log has the details";
  }
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(message);
  google::rpc::ErrorInfo info;
  info.set_reason(
      core::ReasonOf(status).value_or(absl::StatusCodeToString(status.code())));
  info.set_domain("cordon");
  for (const auto& [key, value] : core::MetadataOf(status)) {
    (*info.mutable_metadata())[key] = value;
  }
  rpc_status.add_details()->PackFrom(info);
  if (absl::optional<std::string> field = core::FieldOf(status)) {
    google::rpc::BadRequest bad_request;
    auto* violation = bad_request.add_field_violations();
    violation->set_field(*field);
    violation->set_description(message);
    rpc_status.add_details()->PackFrom(bad_request);
  }
  if (absl::optional<absl::Duration> delay = core::RetryDelayOf(status)) {
    AddRetryInfo(*delay, &rpc_status);
  }
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message,
                      rpc_status.SerializeAsString());
}

}  // namespace cordon::api
