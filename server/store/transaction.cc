#include "server/store/transaction.h"

#include <utility>

namespace cordon::store {

namespace {

// `found` from a raw read of `value`, with `value` parsed into `message`.
absl::StatusOr<bool> Parsed(absl::StatusOr<bool> found,
                            const std::string& value,
                            google::protobuf::MessageLite* message) {
  if (!found.ok() || !*found) return found;
  if (!message->ParseFromString(value)) {
    return absl::DataLossError("stored record does not parse");
  }
  return true;
}

}  // namespace

absl::StatusOr<bool> Transaction::GetForUpdate(
    Family family, absl::string_view key,
    google::protobuf::MessageLite* message) {
  std::string value;
  absl::StatusOr<bool> found = GetRawForUpdate(family, key, &value);
  return Parsed(std::move(found), value, message);
}

absl::StatusOr<bool> Transaction::GetForShare(
    Family family, absl::string_view key,
    google::protobuf::MessageLite* message) {
  std::string value;
  absl::StatusOr<bool> found = GetRawForShare(family, key, &value);
  return Parsed(std::move(found), value, message);
}

void Transaction::Put(Family family, absl::string_view key,
                      const google::protobuf::MessageLite& message) {
  PutRaw(family, key, message.SerializeAsString());
}

}  // namespace cordon::store
