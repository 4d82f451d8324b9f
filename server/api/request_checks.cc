#include "server/api/request_checks.h"

#include <memory>

#include "server/engine/common/etag.h"

namespace cordon::api {

absl::Status CheckRequestId(const std::string& request_id) {
  if (request_id.size() > 128) {
    return core::InvalidField("request_id", "at most 128 characters");
  }
  for (char c : request_id) {
    if (c < 0x21 || c > 0x7e) {
      return core::InvalidField("request_id", "printable ASCII only");
    }
  }
  return absl::OkStatus();
}

engine::IdempotentCall MakeIdempotentCall(
    uint64_t scope, const std::string& method,
    const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const google::protobuf::FieldDescriptor* field =
      copy->GetDescriptor()->FindFieldByName("request_id");
  std::string request_id;
  if (field != nullptr) {
    request_id = copy->GetReflection()->GetString(*copy, field);
    copy->GetReflection()->ClearField(copy.get(), field);
  }
  return engine::IdempotentCall{scope, method, request_id,
                                engine::FingerprintMessage(*copy)};
}

}  // namespace cordon::api
