#include "tools/cordonctl/api.h"

#include <utility>

#include "cordon/client/channel.h"
#include "cordon/client/client.h"
#include "cordon/client/errors.h"
#include "cordon/client/retry.h"
#include "cordon/v1/event.grpc.pb.h"
#include "google/protobuf/message.h"
#include "tools/cordonctl/resources.h"

namespace cordonctl {
namespace {

namespace client = ::cordon::client;
namespace v1 = ::cordon::v1;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

// Every call through the SDK's generic calls; Watch adds the resume loop
// the CLI needs (one line per event, forever).
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
      const std::function<bool(const v1::Event&)>& on_event) override;

  absl::StatusOr<std::string> Health(const std::string& service) override {
    return client_.Health(service);
  }

 private:
  // One stream until it ends; `*cursor` follows the events read.
  absl::Status WatchOnce(v1::WatchEventsRequest request,
                         const std::function<bool(const v1::Event&)>& on_event,
                         int64_t* cursor, bool* stopped, bool* received);

  client::Client client_;
};

absl::Status SdkApi::WatchOnce(
    v1::WatchEventsRequest request,
    const std::function<bool(const v1::Event&)>& on_event, int64_t* cursor,
    bool* stopped, bool* received) {
  if (*cursor > 0) {
    request.set_after_cursor(*cursor);
    request.set_from_oldest(false);
  }
  grpc::ClientContext context;
  client_.PrepareContext(&context, absl::InfiniteFuture());
  v1::EventService::Stub stub(client_.channel());
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader =
      stub.WatchEvents(&context, request);
  v1::Event event;
  while (reader->Read(&event)) {
    *received = true;
    *cursor = std::max(*cursor, event.cursor());
    if (!on_event(event)) {
      *stopped = true;
      context.TryCancel();
      reader->Finish();
      return absl::OkStatus();
    }
  }
  return client::FromGrpcStatus(reader->Finish());
}

absl::Status SdkApi::Watch(
    const v1::WatchEventsRequest& request,
    const std::function<bool(const v1::Event&)>& on_event) {
  const client::ClientOptions& options = client_.options();
  client::Backoff backoff(options.retry, options.seed);
  int64_t cursor = request.after_cursor();
  for (int failures = 0;;) {
    bool stopped = false, received = false;
    absl::Status status =
        WatchOnce(request, on_event, &cursor, &stopped, &received);
    if (stopped) return absl::OkStatus();
    // A stream that ended (server restart, idle proxy) resumes after the
    // last cursor; only repeated UNAVAILABLE without any event gives up.
    if (!status.ok() && status.code() != absl::StatusCode::kUnavailable) {
      return status;
    }
    if (received) {
      backoff.Reset();
      failures = 0;
    } else if (++failures >= options.retry.max_attempts) {
      return status.ok() ? absl::UnavailableError("stream ended") : status;
    }
    absl::SleepFor(backoff.Next());
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<Api>> Connect(const Settings& settings,
                                             const std::string& key) {
  client::ClientOptions options;
  options.channel.address = settings.addr;
  options.channel.ca_file = settings.ca_file;
  // Loopback without a CA file is a development server: plaintext.
  options.channel.plaintext =
      settings.plaintext ||
      (settings.ca_file.empty() && client::IsLoopbackAddress(settings.addr));
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
