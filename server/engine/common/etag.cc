#include "server/engine/common/etag.h"

#include "absl/strings/str_format.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "server/core/errors.h"
#include "server/core/fingerprint.h"

namespace cordon::engine {

uint64_t FingerprintMessage(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return core::Fingerprint(bytes);
}

void StampEtag(google::protobuf::Message* message) {
  const google::protobuf::FieldDescriptor* field =
      message->GetDescriptor()->FindFieldByName("etag");
  const google::protobuf::Reflection* reflection = message->GetReflection();
  reflection->SetString(message, field, "");
  reflection->SetString(
      message, field,
      absl::StrFormat("\"%016x\"", FingerprintMessage(*message)));
}

absl::Status CheckEtag(absl::string_view client_etag,
                       absl::string_view current_etag) {
  if (client_etag.empty() || client_etag == current_etag) {
    return absl::OkStatus();
  }
  return core::WithReason(
      absl::AbortedError(
          "etag does not match: the resource changed since it was read; "
          "read it again and retry"),
      "ETAG_MISMATCH");
}

}  // namespace cordon::engine
