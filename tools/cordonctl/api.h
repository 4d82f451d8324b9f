#ifndef CORDON_TOOLS_CORDONCTL_API_H_
#define CORDON_TOOLS_CORDONCTL_API_H_

// What cordonctl needs from a connection to Cordon: a unary call by method
// descriptor (auth, deadline, retries of UNAVAILABLE, request_id on
// creates, decoded errors), every page of a List, the event stream and
// the health check. Implemented on the C++ SDK (api.cc); an interface so
// the command code is tested without a server.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/v1/event.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "tools/cordonctl/config.h"

namespace cordonctl {

class Api {
 public:
  virtual ~Api() = default;
  virtual absl::Status Call(const google::protobuf::MethodDescriptor& method,
                            const google::protobuf::Message& request,
                            google::protobuf::Message* response) = 0;
  // Calls `method` page after page (page_token from next_page_token) until
  // the last, handing each response to `on_page`.
  virtual absl::Status ListAll(
      const google::protobuf::MethodDescriptor& method,
      const google::protobuf::Message& request,
      const std::function<absl::Status(const google::protobuf::Message&)>&
          on_page) = 0;
  // Follows WatchEvents, resuming after the last cursor seen when the
  // stream breaks; `on_event` sees every event but BOOKMARKs and returns
  // false to stop. OK when stopped that way.
  virtual absl::Status Watch(
      const cordon::v1::WatchEventsRequest& request,
      const std::function<bool(const cordon::v1::Event&)>& on_event) = 0;
  // grpc.health.v1 Check: "SERVING", "NOT_SERVING", ...
  virtual absl::StatusOr<std::string> Health(const std::string& service) = 0;
};

// `key` may be empty (health needs none).
absl::StatusOr<std::unique_ptr<Api>> Connect(const Settings& settings,
                                             const std::string& key);

// The ErrorInfo reason and the BadRequest fields carried by `status`.
std::string ErrorReason(const absl::Status& status);
std::vector<std::string> BadFields(const absl::Status& status);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_API_H_
