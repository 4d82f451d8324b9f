#include "server/api/grpc_log_bridge.h"

#include "grpc/support/log.h"
#include "server/core/log.h"

namespace cordon::api {
namespace {

void LogGrpcMessage(gpr_log_func_args* args) {
  const core::LogLevel level = args->severity == GPR_LOG_SEVERITY_ERROR
                                   ? core::LogLevel::kError
                                   : core::LogLevel::kInfo;
  core::Log(core::LogEvent(level, "grpc")
                .Message(args->message != nullptr ? args->message : "")
                .Str("file", args->file != nullptr ? args->file : "")
                .Int("line", args->line));
}

}  // namespace

void RouteGrpcLogs() { gpr_set_log_function(LogGrpcMessage); }

}  // namespace cordon::api
