#include "server/core/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace cordon::core {
namespace {

constexpr absl::string_view kFieldPayload = "cordon.dev/field";
constexpr absl::string_view kReasonPayload = "cordon.dev/reason";
constexpr absl::string_view kMetadataPayload = "cordon.dev/metadata/";
constexpr absl::string_view kRetryDelayPayload = "cordon.dev/retry_delay";

absl::optional<std::string> Payload(const absl::Status& status,
                                    absl::string_view type) {
  absl::optional<absl::Cord> payload = status.GetPayload(type);
  if (!payload.has_value()) return absl::nullopt;
  return std::string(*payload);
}

absl::Status AboutField(absl::StatusCode code, absl::string_view field,
                        absl::string_view description,
                        absl::string_view reason) {
  absl::Status status(code, absl::StrCat(field, ": ", description));
  status.SetPayload(kFieldPayload, absl::Cord(field));
  return WithReason(std::move(status), reason);
}

}  // namespace

absl::Status InvalidField(absl::string_view field,
                          absl::string_view description,
                          absl::string_view reason) {
  return AboutField(absl::StatusCode::kInvalidArgument, field, description,
                    reason);
}

absl::Status FieldTaken(absl::string_view field, absl::string_view description,
                        absl::string_view reason) {
  return AboutField(absl::StatusCode::kAlreadyExists, field, description,
                    reason);
}

absl::Status ForField(absl::string_view field, const absl::Status& status) {
  if (!absl::IsInvalidArgument(status)) return status;
  absl::Status result = InvalidField(
      field, status.message(), ReasonOf(status).value_or("INVALID_FIELD"));
  return result;
}

absl::Status WithReason(absl::Status status, absl::string_view reason) {
  if (!status.ok()) status.SetPayload(kReasonPayload, absl::Cord(reason));
  return status;
}

absl::optional<std::string> FieldOf(const absl::Status& status) {
  return Payload(status, kFieldPayload);
}

absl::optional<std::string> ReasonOf(const absl::Status& status) {
  return Payload(status, kReasonPayload);
}

absl::Status WithMetadata(absl::Status status, absl::string_view key,
                          absl::string_view value) {
  if (!status.ok()) {
    status.SetPayload(absl::StrCat(kMetadataPayload, key), absl::Cord(value));
  }
  return status;
}

std::map<std::string, std::string> MetadataOf(const absl::Status& status) {
  std::map<std::string, std::string> metadata;
  status.ForEachPayload([&](absl::string_view type, const absl::Cord& value) {
    if (absl::StartsWith(type, kMetadataPayload)) {
      metadata[std::string(type.substr(kMetadataPayload.size()))] =
          std::string(value);
    }
  });
  return metadata;
}

absl::Status WithRetryDelay(absl::Status status, absl::Duration delay) {
  if (!status.ok()) {
    status.SetPayload(kRetryDelayPayload,
                      absl::Cord(absl::FormatDuration(delay)));
  }
  return status;
}

absl::optional<absl::Duration> RetryDelayOf(const absl::Status& status) {
  absl::optional<std::string> text = Payload(status, kRetryDelayPayload);
  absl::Duration delay;
  if (!text.has_value() || !absl::ParseDuration(*text, &delay)) {
    return absl::nullopt;
  }
  return delay;
}

}  // namespace cordon::core
