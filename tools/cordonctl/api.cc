#include "tools/cordonctl/api.h"

#include <utility>

#include "cordon/client/channel.h"
#include "cordon/client/client.h"
#include "cordon/client/errors.h"
#include "cordon/client/watch.h"
#include "google/protobuf/message.h"
#include "tools/cordonctl/resources.h"

namespace cordonctl {
namespace {

namespace client = ::cordon::client;
namespace v1 = ::cordon::v1;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

// Every call through the SDK: its generic calls, pager, watch and health.
class SdkApi : public Api {
 public:
  explicit SdkApi(client::Client client) : client_(std::move(client)) {}

  absl::Status Call(const MethodDescriptor& method, const Message& request,
                    Message* response) override {
    return client_.CallUnary(MethodPath(method), request, response);
  }

  absl::Status ListAll(
      const MethodDescriptor& method, const Message& request,
      const std::function<absl::Status(const Message&)>& on_page) override {
    const Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(
            method.output_type());
    return client_.ListAll(MethodPath(method), request, *prototype, on_page);
  }

  absl::Status Watch(
      const v1::WatchEventsRequest& request,
      const std::function<bool(const v1::Event&)>& on_event) override {
    client::WatchOptions options;
    options.parent = request.parent();
    options.organization = request.organization();
    for (int type : request.types()) {
      options.types.push_back(static_cast<v1::Event::Type>(type));
    }
    options.after_cursor = request.after_cursor();
    options.from_oldest = request.from_oldest();
    // A CLI that follows for ever, but says so when the server is gone:
    // ~6 s of reconnects without an event end it (UNAVAILABLE, exit 14).
    options.reconnect.max_attempts = 6;
    return client::Watch(client_, std::move(options), on_event);
  }

  absl::StatusOr<std::string> Health(const std::string& service) override {
    return client_.Health(service);
  }

 private:
  client::Client client_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Api>> Connect(const Settings& settings,
                                             const std::string& key) {
  client::ClientOptions options;
  options.channel.address = settings.addr;
  options.channel.ca_file = settings.ca_file;
  options.channel.client_cert_file = settings.client_cert;
  options.channel.client_key_file = settings.client_key;
  // Loopback without a CA file or a client certificate is a development
  // server: plaintext.
  options.channel.plaintext =
      settings.plaintext ||
      (settings.ca_file.empty() && settings.client_cert.empty() &&
       client::IsLoopbackAddress(settings.addr));
  options.api_key = key;
  options.default_deadline = settings.timeout;
  absl::StatusOr<client::Client> connected =
      client::Client::Connect(std::move(options));
  if (!connected.ok()) return connected.status();
  return std::make_unique<SdkApi>(*std::move(connected));
}

std::string ErrorReason(const absl::Status& status) {
  return client::ErrorReason(status);
}

std::vector<std::string> BadFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const client::FieldViolation& violation : client::BadFields(status)) {
    fields.push_back(violation.field);
  }
  return fields;
}

}  // namespace cordonctl
