#ifndef CORDON_SERVER_ENGINE_COMMON_ETAG_H_
#define CORDON_SERVER_ENGINE_COMMON_ETAG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace cordon::engine {

// core::Fingerprint of a message's deterministic serialization.
uint64_t FingerprintMessage(const google::protobuf::Message& message);

// Sets the message's `etag` field from the rest of its content (AIP-154).
// Every stored write calls this after setting update_time, so any change
// yields a new etag.
void StampEtag(google::protobuf::Message* message);

// ABORTED when the client sent an etag that is not the current one; an empty
// client etag means "no precondition".
absl::Status CheckEtag(absl::string_view client_etag,
                       absl::string_view current_etag);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_ETAG_H_
