#ifndef CORDON_CLIENTS_CPP_TESTS_FAKE_SERVER_H_
#define CORDON_CLIENTS_CPP_TESTS_FAKE_SERVER_H_

// A real gRPC server on 127.0.0.1:0 in the test process, serving fakes of
// Cordon's services, and a Client wired to it that records its backoff
// waits instead of sleeping.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cordon/client/client.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"

namespace cordon::client::testing {

class FakeServer {
 public:
  explicit FakeServer(std::vector<grpc::Service*> services,
                      std::shared_ptr<grpc::ServerCredentials> credentials =
                          grpc::InsecureServerCredentials()) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", credentials, &port_);
    for (grpc::Service* service : services) builder.RegisterService(service);
    server_ = builder.BuildAndStart();
  }
  ~FakeServer() { server_->Shutdown(absl::ToChronoTime(absl::Now())); }

  // A client of this server; its backoff waits go to `waits`.
  Client MakeClient(std::vector<absl::Duration>* waits,
                    ClientOptions options = {}) {
    options.api_key = "test-key";
    options.seed = 7;
    // Calls may retry on several threads at once (IngestSignIns).
    auto mu = std::make_shared<std::mutex>();
    options.sleep = [waits, mu](absl::Duration wait) {
      std::lock_guard<std::mutex> lock(*mu);
      waits->push_back(wait);
    };
    return Client(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_),
                                      grpc::InsecureChannelCredentials()),
                  std::move(options));
  }
  int port() const { return port_; }

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

// A status as cordon-server sends it (server/api/grpc_status.cc): an
// ErrorInfo, and a BadRequest when `field` is set.
inline grpc::Status CordonError(grpc::StatusCode code,
                                const std::string& message,
                                const std::string& reason,
                                const std::string& field = "",
                                const std::string& metadata_key = "",
                                const std::string& metadata_value = "") {
  google::rpc::Status status;
  status.set_code(code);
  status.set_message(message);
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("cordon");
  if (!metadata_key.empty())
    (*info.mutable_metadata())[metadata_key] = metadata_value;
  status.add_details()->PackFrom(info);
  if (!field.empty()) {
    google::rpc::BadRequest bad_request;
    auto* violation = bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(message);
    status.add_details()->PackFrom(bad_request);
  }
  return grpc::Status(code, message, status.SerializeAsString());
}

}  // namespace cordon::client::testing

#endif  // CORDON_CLIENTS_CPP_TESTS_FAKE_SERVER_H_
