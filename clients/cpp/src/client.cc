#include "cordon/client/client.h"

#include <mutex>
#include <random>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/impl/client_unary_call.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "grpcpp/impl/rpc_method.h"

namespace cordon::client {

struct Client::State {
  std::shared_ptr<grpc::ChannelInterface> channel;
  ClientOptions options;
  std::mutex mu;
  std::mt19937_64 random ABSL_GUARDED_BY(mu);

  uint64_t Draw() {
    std::lock_guard<std::mutex> lock(mu);
    return random();
  }
};

absl::StatusOr<Client> Client::Connect(ClientOptions options) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      MakeChannel(options.channel);
  if (!channel.ok()) return channel.status();
  return Client(*std::move(channel), std::move(options));
}

Client::Client(std::shared_ptr<grpc::ChannelInterface> channel,
               ClientOptions options)
    : state_(std::make_shared<State>()) {
  state_->channel = std::move(channel);
  if (!options.sleep)
    options.sleep = [](absl::Duration d) { absl::SleepFor(d); };
  const uint64_t seed =
      options.seed != 0
          ? options.seed
          : (uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  state_->random.seed(seed);
  state_->options = std::move(options);
}

std::shared_ptr<grpc::ChannelInterface> Client::channel() const {
  return state_->channel;
}

const ClientOptions& Client::options() const { return state_->options; }

std::string Client::NewRequestId() const {
  const uint64_t high = state_->Draw();
  const uint64_t low = state_->Draw();
  // A version 4, variant 1 UUID.
  return absl::StrFormat(
      "%08x-%04x-4%03x-%04x-%012x", high >> 32, (high >> 16) & 0xffff,
      high & 0xfff, 0x8000 | ((low >> 48) & 0x3fff), low & 0xffffffffffffULL);
}

void Client::PrepareContext(grpc::ClientContext* context,
                            absl::Time deadline) const {
  if (!state_->options.api_key.empty()) {
    context->AddMetadata("authorization", "Bearer " + state_->options.api_key);
  }
  if (deadline != absl::InfiniteFuture()) {
    context->set_deadline(absl::ToChronoTime(deadline));
  }
}

absl::Status Client::Invoke(
    google::protobuf::Message* request,
    absl::FunctionRef<grpc::Status(grpc::ClientContext*)> attempt,
    const CallOptions& options) const {
  // One id for every attempt: the server answers a repeat with the first
  // result instead of creating twice.
  internal::FillRequestId(request, NewRequestId());
  const ClientOptions& client = state_->options;
  const absl::Time deadline =
      absl::Now() + (options.deadline > absl::ZeroDuration()
                         ? options.deadline
                         : client.default_deadline);
  const int attempts =
      options.retry ? std::max(client.retry.max_attempts, 1) : 1;
  Backoff backoff(client.retry, state_->Draw());
  for (int tried = 1;; ++tried) {
    grpc::ClientContext context;
    PrepareContext(&context, deadline);
    absl::Status status = FromGrpcStatus(attempt(&context));
    if (!absl::IsUnavailable(status) || tried >= attempts) return status;
    const absl::Duration wait = backoff.Next();
    if (absl::Now() + wait >= deadline) return status;
    client.sleep(wait);
  }
}

absl::Status Client::CallUnary(const std::string& method,
                               const google::protobuf::Message& request,
                               google::protobuf::Message* response,
                               const CallOptions& options) const {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const grpc::internal::RpcMethod rpc(
      method.c_str(), grpc::internal::RpcMethod::NORMAL_RPC, state_->channel);
  return Invoke(
      copy.get(),
      [&](grpc::ClientContext* context) {
        response->Clear();
        return grpc::internal::BlockingUnaryCall<
            google::protobuf::Message, google::protobuf::Message,
            google::protobuf::MessageLite, google::protobuf::MessageLite>(
            state_->channel.get(), rpc, context, *copy, response);
      },
      options);
}

absl::Status Client::ListAll(
    const std::string& method, const google::protobuf::Message& request,
    const google::protobuf::Message& response_prototype,
    absl::FunctionRef<absl::Status(const google::protobuf::Message&)> on_page,
    const CallOptions& options) const {
  std::unique_ptr<google::protobuf::Message> page_request(request.New());
  page_request->CopyFrom(request);
  std::string token;
  do {
    internal::SetPageToken(page_request.get(), token);
    std::unique_ptr<google::protobuf::Message> page(response_prototype.New());
    absl::Status status = CallUnary(method, *page_request, page.get(), options);
    if (!status.ok()) return status;
    status = on_page(*page);
    if (!status.ok()) return status;
    const std::string next = internal::NextPageToken(*page);
    if (!next.empty() && next == token) {
      return absl::InternalError("the server repeated a page token");
    }
    token = next;
  } while (!token.empty());
  return absl::OkStatus();
}

absl::StatusOr<std::string> Client::Health(const std::string& service) const {
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  absl::Status status =
      CallUnary("/grpc.health.v1.Health/Check", request, &response);
  if (!status.ok()) return status;
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
      response.status());
}

}  // namespace cordon::client
