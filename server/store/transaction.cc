#include "server/store/transaction.h"

namespace cordon::store {

absl::StatusOr<bool> Transaction::GetForUpdate(
    Family family, absl::string_view key,
    google::protobuf::MessageLite* message) {
  std::string value;
  absl::StatusOr<bool> found = GetRawForUpdate(family, key, &value);
  if (!found.ok() || !*found) return found;
  if (!message->ParseFromString(value)) {
    return absl::DataLossError("stored record does not parse");
  }
  return true;
}

void Transaction::Put(Family family, absl::string_view key,
                      const google::protobuf::MessageLite& message) {
  PutRaw(family, key, message.SerializeAsString());
}

}  // namespace cordon::store
