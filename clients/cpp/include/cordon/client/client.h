#ifndef CORDON_CLIENT_CLIENT_H_
#define CORDON_CLIENT_CLIENT_H_

// cordon::client::Client: every Cordon RPC through one generic call that
// adds what each call needs — the API key (authorization: Bearer), a
// deadline, retries of UNAVAILABLE with backoff and jitter within that
// deadline, a request_id on requests that have one (so a retried create is
// answered with the first result), and errors as absl::Status with the
// server's details (errors.h).
//
//   auto client = cordon::client::Client::Connect(options);
//   absl::StatusOr<v1::Identity> identity = client->Call(
//       &v1::IdentityService::Stub::GetIdentity, request);
//
// A Client is cheap to copy (copies share the channel) and thread-safe.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cordon/client/channel.h"
#include "cordon/client/errors.h"
#include "cordon/client/internal/messages.h"
#include "cordon/client/pager.h"
#include "cordon/client/retry.h"
#include "cordon/v1/access_rule.pb.h"
#include "cordon/v1/account.pb.h"
#include "cordon/v1/api_key.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/incident.pb.h"
#include "cordon/v1/organization.pb.h"
#include "cordon/v1/user.pb.h"
#include "google/protobuf/reflection.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace cordon::client {

namespace v1 = ::cordon::v1;

struct ClientOptions {
  ChannelOptions channel;
  // The API key, sent as "authorization: Bearer <key>" on every call. A
  // secret: never part of an error or a log line.
  std::string api_key;
  // Each call's deadline unless CallOptions says otherwise; retries happen
  // within it.
  absl::Duration default_deadline = absl::Seconds(30);
  RetryPolicy retry;
  // How to wait between attempts (default: absl::SleepFor).
  Sleeper sleep;
  // Seeds backoff jitter and generated request ids; 0 draws a random seed.
  uint64_t seed = 0;
};

struct CallOptions {
  // This call's deadline, all attempts included; zero means the client's
  // default_deadline.
  absl::Duration deadline = absl::ZeroDuration();
  // false: one attempt only.
  bool retry = true;
};

class Client {
 public:
  // A channel as options.channel says and a client on it.
  static absl::StatusOr<Client> Connect(ClientOptions options);
  // A client on a channel made elsewhere (tests, custom channel arguments);
  // options.channel is not used.
  Client(std::shared_ptr<grpc::ChannelInterface> channel,
         ClientOptions options);

  // Any unary RPC, by its stub method:
  //   client.Call(&v1::IdentityService::Stub::GetIdentity, request)
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Call(
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                   Response*),
      Request request, const CallOptions& options = {}) const {
    Stub stub(channel());
    Response response;
    absl::Status status = Invoke(
        &request,
        [&](grpc::ClientContext* context) {
          response.Clear();
          return (stub.*method)(context, request, &response);
        },
        options);
    if (!status.ok()) return status;
    return response;
  }

  // Any unary RPC by its full name ("/cordon.v1.IdentityService/GetIdentity"),
  // for code that only knows descriptors (cordonctl). `response` must be of
  // the method's response type.
  absl::Status CallUnary(const std::string& method,
                         const google::protobuf::Message& request,
                         google::protobuf::Message* response,
                         const CallOptions& options = {}) const;

  // Every item of a List RPC, across pages (pager.h); `Item` is the
  // resource type:
  //   client.List<v1::Identity>(&v1::IdentityService::Stub::ListIdentities, r)
  template <typename Item, typename Stub, typename Request, typename Response>
  Pager<Item> List(grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                const Request&, Response*),
                   Request request, CallOptions options = {}) const {
    const auto* field =
        internal::ItemsField(Response::descriptor(), Item::descriptor());
    Client self = *this;
    return Pager<Item>([self, method, request, options, field](
                           const std::string& token, std::vector<Item>* items,
                           std::string* next_token) -> absl::Status {
      Request page_request = request;
      internal::SetPageToken(&page_request, token);
      absl::StatusOr<Response> page = self.Call(method, page_request, options);
      if (!page.ok()) return page.status();
      if (field == nullptr) return absl::InternalError("no items field");
      items->clear();
      for (const Item& item :
           page->GetReflection()->template GetRepeatedFieldRef<Item>(*page,
                                                                     field)) {
        items->push_back(item);
      }
      *next_token = internal::NextPageToken(*page);
      return absl::OkStatus();
    });
  }

  // Every page of a List RPC by its full name, for descriptor-driven code:
  // calls `on_page` with each response (a `response_prototype.New()`) until
  // the last page or the first error.
  absl::Status ListAll(
      const std::string& method, const google::protobuf::Message& request,
      const google::protobuf::Message& response_prototype,
      absl::FunctionRef<absl::Status(const google::protobuf::Message&)> on_page,
      const CallOptions& options = {}) const;

  // An etag-checked update: sends `resource` (with its name and the etag
  // it was read with) and an update_mask of `field_paths`. A concurrent
  // change answers ABORTED, which is returned, never retried: read the
  // resource again and decide. INVALID_ARGUMENT before any call for a path
  // the resource does not have.
  template <typename Stub, typename Request, typename Response,
            typename Resource>
  absl::StatusOr<Response> Update(
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                   Response*),
      const Resource& resource, const std::vector<std::string>& field_paths,
      const CallOptions& options = {}) const {
    Request request;
    absl::Status built =
        internal::BuildUpdateRequest(resource, field_paths, &request);
    if (!built.ok()) return built;
    return Call(method, std::move(request), options);
  }

  // The common lists, over all pages. `filter` as the List RPC documents.
  Pager<v1::Account> Accounts() const;
  Pager<v1::Organization> Organizations(const std::string& account,
                                        const std::string& filter = "") const;
  Pager<v1::Identity> Identities(const std::string& organization,
                                 const std::string& filter = "") const;
  Pager<v1::IncidentReport> IncidentReports(
      const std::string& organization, const std::string& filter = "") const;
  Pager<v1::Escalation> Escalations(const std::string& account,
                                    const std::string& filter = "") const;
  Pager<v1::User> Users(const std::string& account,
                        const std::string& filter = "") const;
  Pager<v1::AccessRule> AccessRules(const std::string& parent,
                                    const std::string& filter = "") const;
  Pager<v1::ApiKey> ApiKeys(const std::string& filter = "") const;

  // grpc.health.v1 Check of `service` ("" = the server as a whole): the
  // serving status's name, e.g. "SERVING".
  absl::StatusOr<std::string> Health(const std::string& service = "") const;

  // Puts the API key on `context` and, unless `deadline` is
  // absl::InfiniteFuture(), the deadline: for streaming calls made with a
  // stub directly.
  void PrepareContext(grpc::ClientContext* context, absl::Time deadline) const;
  // A fresh random id (a UUID), as put into request_id.
  std::string NewRequestId() const;
  std::shared_ptr<grpc::ChannelInterface> channel() const;
  const ClientOptions& options() const;

 private:
  struct State;

  // Runs `attempt` with a prepared context until it succeeds, fails with a
  // code other than UNAVAILABLE, or attempts or time run out.
  absl::Status Invoke(
      google::protobuf::Message* request,
      absl::FunctionRef<grpc::Status(grpc::ClientContext*)> attempt,
      const CallOptions& options) const;

  std::shared_ptr<State> state_;
};

}  // namespace cordon::client

#endif  // CORDON_CLIENT_CLIENT_H_
