#ifndef CORDON_SERVER_API_REQUEST_ID_H_
#define CORDON_SERVER_API_REQUEST_ID_H_

#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"

namespace cordon::api {

// The metadata key a client may send its own request id in, and the server
// answers with the id it used (initial metadata), so a client's report and
// the server's log lines name the same call.
inline constexpr char kRequestIdKey[] = "x-request-id";
inline constexpr size_t kMaxRequestIdLength = 128;

// 1 to 128 printable ASCII characters, no space: what the server takes
// from a client (a log line must not carry control characters or be
// stretched by one caller).
bool IsSaneRequestId(absl::string_view id);

// The client's x-request-id when sane, else a new id: a random prefix
// drawn once per process, then a counter, so ids stay unique across
// restarts without a random draw per call.
std::string RequestIdOf(const grpc::ServerContext& context);

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_REQUEST_ID_H_
