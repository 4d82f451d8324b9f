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

using cordon::v1::SignInEvent;
using Api = cordon::v1::TelemetryService;

constexpr size_t kMaxEventIdChars = 128;

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

absl::Status ValidateSignIn(const SignInEvent& event) {
  const std::string& id = event.event_id();
  if (id.empty() || id.size() > kMaxEventIdChars) {
    return core::InvalidField(
        "sign_in.event_id",
        absl::StrCat("required: 1 to ", kMaxEventIdChars, " characters"));
  }
  for (char c : id) {
    if (!absl::ascii_isprint(static_cast<unsigned char>(c))) {
      return core::InvalidField("sign_in.event_id",
                                "printable ASCII characters only");
    }
  }
  if (!event.has_time()) {
    return core::InvalidField("sign_in.time", "required: when it happened");
  }
  using google::protobuf::util::TimeUtil;
  if (event.time().seconds() < TimeUtil::kTimestampMinSeconds ||
      event.time().seconds() > TimeUtil::kTimestampMaxSeconds ||
      event.time().nanos() < 0 || event.time().nanos() > 999999999) {
    return core::InvalidField("sign_in.time", "not a valid timestamp");
  }
  if (!event.country().empty() &&
      !core::IsAssignedCountryCode(absl::AsciiStrToUpper(event.country()))) {
    return core::InvalidField(
        "sign_in.country",
        "an ISO 3166-1 alpha-2 code (e.g. NL), or empty when unknown");
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

}  // namespace

grpc::Status TelemetryService::RecordSignIn(
    grpc::ServerContext* context,
    const cordon::v1::RecordSignInRequest* request,
    cordon::v1::RecordSignInResponse* response) {
  const SignInEvent& event = request->sign_in();
  const CallInfo info{MethodName<Api>("RecordSignIn"), true, event.identity()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(RequireIngestionRole(principal));
    CORDON_ASSIGN_OR_RETURN(core::IdentityName identity,
                            ParseField("sign_in.identity", event.identity(),
                                       core::ParseIdentityName));
    CORDON_RETURN_IF_ERROR(ValidateSignIn(event));
    CORDON_ASSIGN_OR_RETURN(
        *response, telemetry_->RecordSignIn(principal.actor, identity, event));
    return absl::OkStatus();
  });
}

}  // namespace cordon::api
