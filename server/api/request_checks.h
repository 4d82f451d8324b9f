#ifndef CORDON_SERVER_API_REQUEST_CHECKS_H_
#define CORDON_SERVER_API_REQUEST_CHECKS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "server/core/errors.h"
#include "server/engine/common/idempotency.h"

namespace cordon::api {

// Checks shared by every handler. Limits on input are enforced before any
// work: gRPC's own limit caps a message at 4 MiB; these cap the parts.

// INVALID_ARGUMENT naming `field` when `request_id` is longer than 128
// characters or holds anything but printable ASCII.
absl::Status CheckRequestId(const std::string& request_id);

// The idempotency record of a Create: `scope` is the account (0 for
// provider-wide), the fingerprint covers `request` with its request_id
// cleared.
engine::IdempotentCall MakeIdempotentCall(
    uint64_t scope, const std::string& method,
    const google::protobuf::Message& request);

// Parses a resource name from a request field, naming the field on failure.
template <typename Parser>
auto ParseField(const char* field, const std::string& value, Parser parse)
    -> decltype(parse(value)) {
  auto parsed = parse(value);
  if (!parsed.ok()) return core::ForField(field, parsed.status());
  return parsed;
}

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_REQUEST_CHECKS_H_
