#include "server/api/telemetry_service.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "server/api/request_checks.h"
#include "server/core/errors.h"
#include "server/core/escalation/access_rule.h"
#include "server/core/escalation/ip_address.h"
#include "server/core/resource_name.h"
#include "server/core/validation.h"

namespace cordon::api {
namespace {

using cordon::v1::EndpointStatusEvent;
using cordon::v1::SignInEvent;
using TelemetryApi = cordon::v1::TelemetryService;

constexpr size_t kMaxEventIdChars = 128;
constexpr size_t kMaxEndpointIdChars = 128;
// RFC 1035: a full domain name is at most 253 characters.
constexpr size_t kMaxHostnameChars = 253;

absl::Status RequireIngestionRole(const Principal& principal) {
  const cordon::v1::Role role = principal.key.role;
  if (role == cordon::v1::SERVICE || role == cordon::v1::SOC_ANALYST) {
    return absl::OkStatus();
  }
  return core::WithReason(
      absl::PermissionDeniedError(
          "only SERVICE and SOC_ANALYST keys may record telemetry"),
      "PERMISSION_DENIED");
}

bool Printable(const std::string& text) {
  for (char c : text) {
    if (!absl::ascii_isprint(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// `min_chars` to `max_chars` printable ASCII characters.
absl::Status CheckPrintable(const char* field, const std::string& value,
                            size_t min_chars, size_t max_chars) {
  if (value.size() < min_chars || value.size() > max_chars) {
    return core::InvalidField(
        field, min_chars == 0
                   ? absl::StrCat("at most ", max_chars, " characters")
                   : absl::StrCat("required: ", min_chars, " to ", max_chars,
                                  " characters"));
  }
  if (!Printable(value)) {
    return core::InvalidField(field, "printable ASCII characters only");
  }
  return absl::OkStatus();
}

absl::Status CheckEventTime(const char* field, bool present,
                            const google::protobuf::Timestamp& time) {
  if (!present) return core::InvalidField(field, "required: when it happened");
  using google::protobuf::util::TimeUtil;
  if (time.seconds() < TimeUtil::kTimestampMinSeconds ||
      time.seconds() > TimeUtil::kTimestampMaxSeconds || time.nanos() < 0 ||
      time.nanos() > 999999999) {
    return core::InvalidField(field, "not a valid timestamp");
  }
  return absl::OkStatus();
}

absl::Status ValidateSignIn(const SignInEvent& event) {
  CORDON_RETURN_IF_ERROR(CheckPrintable("sign_in.event_id", event.event_id(), 1,
                                        kMaxEventIdChars));
  CORDON_RETURN_IF_ERROR(
      CheckEventTime("sign_in.time", event.has_time(), event.time()));
  if (!event.country().empty() &&
      !core::IsKnownCountryCode(absl::AsciiStrToUpper(event.country()))) {
    return core::InvalidField(
        "sign_in.country",
        "an ISO 3166-1 alpha-2 code (e.g. NL) or XK (Kosovo), or empty when "
        "unknown");
  }
  if (!event.ip_address().empty()) {
    CORDON_RETURN_IF_ERROR(
        core::ForField("sign_in.ip_address",
                       core::ParseIpAddress(event.ip_address()).status()));
  }
  if (!event.vpn_provider().empty()) {
    CORDON_RETURN_IF_ERROR(
        core::ForField("sign_in.vpn_provider",
                       core::ValidateDisplayName(event.vpn_provider(),
                                                 core::kMaxVpnProviderChars)));
  }
  return absl::OkStatus();
}

// The organization is checked by the caller (it is parsed first).
absl::Status ValidateEndpointStatus(const EndpointStatusEvent& event) {
  CORDON_RETURN_IF_ERROR(
      CheckPrintable("status.event_id", event.event_id(), 1, kMaxEventIdChars));
  CORDON_RETURN_IF_ERROR(CheckPrintable(
      "status.endpoint_id", event.endpoint_id(), 1, kMaxEndpointIdChars));
  CORDON_RETURN_IF_ERROR(CheckPrintable("status.hostname", event.hostname(), 0,
                                        kMaxHostnameChars));
  if (event.managed_antivirus_mode() != EndpointStatusEvent::OFF &&
      event.managed_antivirus_mode() != EndpointStatusEvent::AUDIT &&
      event.managed_antivirus_mode() != EndpointStatusEvent::ENFORCE) {
    return core::InvalidField("status.managed_antivirus_mode",
                              "required: OFF, AUDIT or ENFORCE");
  }
  return CheckEventTime("status.time", event.has_time(), event.time());
}

}  // namespace

grpc::Status TelemetryService::RecordSignIn(
    grpc::ServerContext* context,
    const cordon::v1::RecordSignInRequest* request,
    cordon::v1::RecordSignInResponse* response) {
  const SignInEvent& event = request->sign_in();
  const CallInfo info{MethodName<TelemetryApi>("RecordSignIn"), true,
                      event.identity()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(RequireIngestionRole(principal));
    CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                            ParseField("sign_in.identity", event.identity(),
                                       core::ParseIdentityName));
    CORDON_RETURN_IF_ERROR(ValidateSignIn(event));
    CORDON_ASSIGN_OR_RETURN(
        engine::Ingestion ingestion,
        telemetry_->RecordSignIn(principal.actor, identity, event));
    response->set_duplicate(ingestion == engine::Ingestion::kDuplicate);
    return absl::OkStatus();
  });
}

grpc::Status TelemetryService::RecordEndpointStatus(
    grpc::ServerContext* context,
    const cordon::v1::RecordEndpointStatusRequest* request,
    cordon::v1::RecordEndpointStatusResponse* response) {
  const EndpointStatusEvent& event = request->status();
  const CallInfo info{MethodName<TelemetryApi>("RecordEndpointStatus"), true,
                      event.organization()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(RequireIngestionRole(principal));
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName organization,
        ParseField("status.organization", event.organization(),
                   core::ParseOrganizationName));
    CORDON_RETURN_IF_ERROR(ValidateEndpointStatus(event));
    CORDON_ASSIGN_OR_RETURN(
        engine::Ingestion ingestion,
        endpoints_->RecordStatus(principal.actor, organization, event));
    response->set_duplicate(ingestion == engine::Ingestion::kDuplicate);
    return absl::OkStatus();
  });
}

}  // namespace cordon::api
