#ifndef CORDON_SERVER_API_CALL_RUNNER_H_
#define CORDON_SERVER_API_CALL_RUNNER_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"
#include "server/api/call_log.h"
#include "server/api/key_rate_limiter.h"
#include "server/api/principal.h"
#include "server/api/rpc_metrics.h"
#include "server/engine/tenancy/api_key_manager.h"
#include "server/engine/tenancy/audit_log.h"

namespace cordon::api {

// What a handler declares about itself.
struct CallInfo {
  // Full method name: /cordon.v1.AccountService/UpdateAccount.
  std::string method;
  // Mutating calls are audited: the engine records a success together with
  // the change, this runner records a failure.
  bool mutating = false;
  // The resource the call is about, as the request names it (for the
  // audit record of a failure).
  std::string resource;
};

// Every RPC but health and reflection runs through here, so authentication,
// auditing of failures and status mapping are written once:
// bearer key -> principal -> rate limit -> body -> google.rpc.Status. A call
// refused by the rate limit is not audited: a flood must not flood the
// audit log too.
class CallRunner {
 public:
  // `limiter` may be null: no per-key rate limit; `metrics` may be null:
  // nothing counted.
  CallRunner(engine::ApiKeyManager* keys, engine::AuditLog* audit,
             KeyRateLimiter* limiter = nullptr, RpcMetrics* metrics = nullptr)
      : keys_(keys), audit_(audit), limiter_(limiter), metrics_(metrics) {}

  // RunCall, counted and timed in `metrics`.
  grpc::Status Run(grpc::ServerContext* context, const CallInfo& info,
                   const std::function<absl::Status(const Principal&)>& body);

  // UNAUTHENTICATED unless the metadata carries `authorization: Bearer <key>`
  // for an active key.
  absl::StatusOr<Principal> Authenticate(grpc::ServerContext* context,
                                         absl::string_view method) const;

 private:
  // Runs the call and writes its access log line (CallLog).
  grpc::Status RunCall(
      grpc::ServerContext* context, const CallInfo& info,
      const std::function<absl::Status(const Principal&)>& body);
  // Authenticate, rate limit, body, audit of a failure.
  absl::Status Serve(grpc::ServerContext* context, const CallInfo& info,
                     const std::function<absl::Status(const Principal&)>& body,
                     CallLog* call_log);

  engine::ApiKeyManager* keys_;
  engine::AuditLog* audit_;
  KeyRateLimiter* limiter_;
  RpcMetrics* metrics_;
};

// "/cordon.v1.<Service>/<Method>" for a generated service class.
template <typename Service>
std::string MethodName(absl::string_view method) {
  return std::string("/") + Service::service_full_name() + "/" +
         std::string(method);
}

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_CALL_RUNNER_H_
