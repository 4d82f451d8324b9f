#ifndef CORDON_SERVER_API_CALL_LOG_H_
#define CORDON_SERVER_API_CALL_LOG_H_

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "server/api/principal.h"

namespace cordon::api {

// The access log: one line per RPC (event "rpc", docs/operations.md) with
// the request id, the method, who called (the key's name and role, never
// its token), the status code and the latency. A call that ends INTERNAL,
// UNKNOWN or DATA_LOSS is an ERROR line carrying the cause the client was
// not shown, found by the request id the client was given.
class CallLog {
 public:
  // Takes the client's x-request-id (or makes one) and sends it back in the
  // initial metadata; the latency counts from here.
  CallLog(grpc::ServerContext* context, absl::string_view method);

  const std::string& request_id() const { return request_id_; }
  // The caller, once authenticated; a refused key leaves the line without.
  void SetPrincipal(const Principal& principal);
  // Writes the line.
  void Finish(const absl::Status& status) const;

 private:
  const grpc::ServerContext* context_;
  std::string method_;
  std::string request_id_;
  std::chrono::steady_clock::time_point start_;
  std::string key_name_;
  std::string role_;
  std::string user_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_CALL_LOG_H_
