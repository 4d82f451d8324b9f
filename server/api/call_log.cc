#include "server/api/call_log.h"

#include "absl/strings/str_cat.h"
#include "cordon/v1/api_key.pb.h"
#include "server/api/request_id.h"
#include "server/core/errors.h"
#include "server/core/log.h"

namespace cordon::api {
namespace {

// The codes that mean the server is at fault: the client saw only "internal
// error", so the line keeps the cause.
bool IsServerFault(absl::StatusCode code) {
  return code == absl::StatusCode::kInternal ||
         code == absl::StatusCode::kUnknown ||
         code == absl::StatusCode::kDataLoss;
}

}  // namespace

CallLog::CallLog(grpc::ServerContext* context, absl::string_view method)
    : context_(context),
      method_(method),
      request_id_(RequestIdOf(*context)),
      start_(std::chrono::steady_clock::now()) {
  context->AddInitialMetadata(kRequestIdKey, request_id_);
}

void CallLog::SetPrincipal(const Principal& principal) {
  key_name_ = principal.key.key_name;
  role_ = v1::Role_Name(principal.key.role);
  user_ = principal.key.user;
}

void CallLog::Finish(const absl::Status& status) const {
  // A latency, not a time of day: the monotonic clock, never the wall.
  const double latency_ms = std::chrono::duration<double, std::milli>(
                                std::chrono::steady_clock::now() - start_)
                                .count();
  const bool server_fault = IsServerFault(status.code());
  const std::string code = absl::StatusCodeToString(status.code());
  core::LogEvent line(
      server_fault ? core::LogLevel::kError : core::LogLevel::kInfo, "rpc");
  std::string message = absl::StrCat(method_, " ", code, " ");
  core::AppendFixed3(latency_ms, &message);
  message.append(" ms");
  line.Message(message)
      .Str("request_id", request_id_)
      .Str("method", method_)
      .Str("peer", context_->peer());
  if (!key_name_.empty()) {
    line.Str("principal", key_name_).Str("role", role_);
    if (!user_.empty()) line.Str("user", user_);
  }
  line.Str("code", code).Num("latency_ms", latency_ms);
  if (absl::optional<std::string> reason = core::ReasonOf(status)) {
    line.Str("reason", *reason);
  }
  if (server_fault) line.Str("error", status.ToString());
  core::Log(line);
}

}  // namespace cordon::api
