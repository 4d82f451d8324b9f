#include "cordon/client/errors.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace cordon::client {
namespace {

std::optional<google::rpc::Status> DetailsOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kStatusDetailsUrl);
  if (!payload.has_value()) return std::nullopt;
  google::rpc::Status rpc_status;
  if (!rpc_status.ParseFromString(std::string(*payload))) return std::nullopt;
  return rpc_status;
}

void Decode(const google::protobuf::Any& any, ErrorDetails* out) {
  google::rpc::ErrorInfo info;
  google::rpc::BadRequest bad_request;
  if (any.UnpackTo(&info)) {
    out->reason = info.reason();
    out->domain = info.domain();
    out->metadata.insert(info.metadata().begin(), info.metadata().end());
  } else if (any.UnpackTo(&bad_request)) {
    for (const auto& violation : bad_request.field_violations()) {
      out->field_violations.push_back(
          {violation.field(), violation.description()});
    }
  }
}

}  // namespace

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status result(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
  if (!status.error_details().empty()) {
    result.SetPayload(kStatusDetailsUrl, absl::Cord(status.error_details()));
  }
  return result;
}

ErrorDetails GetErrorDetails(const absl::Status& status) {
  ErrorDetails details;
  std::optional<google::rpc::Status> rpc_status = DetailsOf(status);
  if (!rpc_status.has_value()) return details;
  for (const auto& any : rpc_status->details()) Decode(any, &details);
  return details;
}

std::string ErrorReason(const absl::Status& status) {
  return GetErrorDetails(status).reason;
}

std::vector<FieldViolation> BadFields(const absl::Status& status) {
  return GetErrorDetails(status).field_violations;
}

std::optional<int64_t> OldestCursor(const absl::Status& status) {
  if (!absl::IsOutOfRange(status)) return std::nullopt;
  const ErrorDetails details = GetErrorDetails(status);
  auto it = details.metadata.find("oldest_cursor");
  int64_t cursor = 0;
  if (it == details.metadata.end() || !absl::SimpleAtoi(it->second, &cursor)) {
    return std::nullopt;
  }
  return cursor;
}

std::string FormatError(const absl::Status& status) {
  if (status.ok()) return "OK";
  std::string line(absl::StatusCodeToString(status.code()));
  if (!status.message().empty()) absl::StrAppend(&line, ": ", status.message());
  const ErrorDetails details = GetErrorDetails(status);
  std::vector<std::string> notes;
  if (!details.reason.empty()) notes.push_back("reason " + details.reason);
  for (const FieldViolation& violation : details.field_violations) {
    // cordon-server's description repeats the message: said once is enough.
    notes.push_back(violation.description == status.message()
                        ? absl::StrCat("field ", violation.field)
                        : absl::StrCat("field ", violation.field, ": ",
                                       violation.description));
  }
  if (!notes.empty())
    absl::StrAppend(&line, " (", absl::StrJoin(notes, "; "), ")");
  return line;
}

}  // namespace cordon::client
