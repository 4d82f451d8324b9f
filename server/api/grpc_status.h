#ifndef CORDON_SERVER_API_GRPC_STATUS_H_
#define CORDON_SERVER_API_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace cordon::api {

// The one place an absl::Status becomes a gRPC status (DESIGN rule 5). The
// result always carries google.rpc.Status details with an ErrorInfo (reason,
// domain "cordon"), plus a BadRequest naming the field when there is one.
// INTERNAL and DATA_LOSS messages are logged and replaced by a generic text.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_GRPC_STATUS_H_
