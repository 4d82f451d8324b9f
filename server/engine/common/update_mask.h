#ifndef CORDON_SERVER_ENGINE_COMMON_UPDATE_MASK_H_
#define CORDON_SERVER_ENGINE_COMMON_UPDATE_MASK_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace cordon::engine {

// Copies the fields of `patch` named by `mask` onto `target` (AIP-134).
// Every path must be one of `updatable` (or "*" for all of them); a path to
// an output-only or unknown field is INVALID_ARGUMENT naming update_mask.
// Repeated and message fields are replaced, not merged.
absl::Status ApplyUpdateMask(const google::protobuf::FieldMask& mask,
                             const std::vector<std::string>& updatable,
                             const google::protobuf::Message& patch,
                             google::protobuf::Message* target);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_UPDATE_MASK_H_
