#include "server/api/call_runner.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/call_log.h"
#include "server/api/grpc_status.h"
#include "server/core/errors.h"
#include "server/core/log.h"

namespace cordon::api {

absl::StatusOr<Principal> CallRunner::Authenticate(
    grpc::ServerContext* context, absl::string_view method) const {
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return core::WithReason(
        absl::UnauthenticatedError(
            "missing `authorization: Bearer <api key>` metadata"),
        "MISSING_API_KEY");
  }
  absl::string_view value(it->second.data(), it->second.size());
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
    return core::WithReason(
        absl::UnauthenticatedError(
            "the authorization metadata must be `Bearer <api key>`"),
        "MISSING_API_KEY");
  }
  absl::string_view token =
      absl::StripAsciiWhitespace(value.substr(kScheme.size()));
  CORDON_ASSIGN_OR_RETURN(engine::KeyHolder key, keys_->Authenticate(token));
  Principal principal;
  principal.actor = {key.key_name, key.user, std::string(method)};
  principal.key = std::move(key);
  return principal;
}

grpc::Status CallRunner::Run(
    grpc::ServerContext* context, const CallInfo& info,
    const std::function<absl::Status(const Principal&)>& body) {
  if (metrics_ == nullptr) return RunCall(context, info, body);
  const absl::Time started = metrics_->Start();
  grpc::Status status = RunCall(context, info, body);
  metrics_->Record(info.method, status.error_code(), started);
  return status;
}

grpc::Status CallRunner::RunCall(
    grpc::ServerContext* context, const CallInfo& info,
    const std::function<absl::Status(const Principal&)>& body) {
  CallLog call_log(context, info.method);
  const absl::Status status = Serve(context, info, body, &call_log);
  call_log.Finish(status);
  return ToGrpcStatus(status);
}

absl::Status CallRunner::Serve(
    grpc::ServerContext* context, const CallInfo& info,
    const std::function<absl::Status(const Principal&)>& body,
    CallLog* call_log) {
  absl::StatusOr<Principal> principal = Authenticate(context, info.method);
  if (!principal.ok()) return principal.status();
  call_log->SetPrincipal(*principal);
  if (limiter_ != nullptr) {
    absl::Status admitted = limiter_->Admit(principal->key.key_name);
    if (!admitted.ok()) return admitted;
  }
  absl::Status status = body(*principal);
  if (!status.ok() && info.mutating) {
    // Kept in the caller's own log: a probe of another account must not
    // show up in that account's trail (TEN-1).
    absl::Status recorded = audit_->RecordFailure(
        principal->key.account, principal->actor, info.resource,
        absl::StatusCodeToString(status.code()),
        std::string(status.message().substr(0, 500)));
    if (!recorded.ok()) {
      core::Log(core::LogEvent(core::LogLevel::kError, "audit_failed")
                    .Message("cannot audit a failed call")
                    .Str("request_id", call_log->request_id())
                    .Str("method", info.method)
                    .Str("error", recorded.ToString()));
    }
  }
  return status;
}

}  // namespace cordon::api
