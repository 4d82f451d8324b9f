#ifndef CORDON_CLIENT_ERRORS_H_
#define CORDON_CLIENT_ERRORS_H_

// Cordon's errors as absl::Status. The server sends a google.rpc.Status in
// the grpc-status-details-bin trailer: an ErrorInfo (a stable reason such as
// ETAG_MISMATCH, domain "cordon", metadata such as oldest_cursor) and, for a
// bad field, a BadRequest. FromGrpcStatus keeps it as the status's payload;
// the accessors below decode it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace cordon::client {

// The payload type URL under which the google.rpc.Status bytes are kept.
inline constexpr char kStatusDetailsUrl[] =
    "type.googleapis.com/google.rpc.Status";

struct FieldViolation {
  std::string field;  // e.g. "identity.upn"
  std::string description;
};

struct ErrorDetails {
  std::string reason;  // ErrorInfo.reason; "" when the server sent none
  std::string domain;
  std::map<std::string, std::string> metadata;
  std::vector<FieldViolation> field_violations;
};

// A gRPC status as an absl::Status with the same code and message, and the
// encoded details (if any) as payload.
absl::Status FromGrpcStatus(const grpc::Status& status);

// The decoded details of `status`; empty when it carries none.
ErrorDetails GetErrorDetails(const absl::Status& status);
// ErrorInfo.reason, or "" when there is none.
std::string ErrorReason(const absl::Status& status);
// The BadRequest field violations, in the server's order.
std::vector<FieldViolation> BadFields(const absl::Status& status);
// OUT_OF_RANGE from WatchEvents: the oldest cursor still retained.
std::optional<int64_t> OldestCursor(const absl::Status& status);

// One line a person can read, e.g.
// "INVALID_ARGUMENT: upn is required (reason INVALID_ARGUMENT; field
// identity.upn: required)". "OK" for an OK status.
std::string FormatError(const absl::Status& status);

}  // namespace cordon::client

#endif  // CORDON_CLIENT_ERRORS_H_
