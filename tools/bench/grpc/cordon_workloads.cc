#include "tools/bench/grpc/cordon_workloads.h"

#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/telemetry.grpc.pb.h"
#include "tools/bench/grpc/unary_workload.h"

namespace cordon::bench::grpc_load {

using v1::IdentityService;
using v1::TelemetryService;

std::unique_ptr<Workload> GetIdentityLoad(const CordonTarget& target,
                                          uint64_t seed) {
  using Get =
      UnaryWorkload<IdentityService, v1::GetIdentityRequest, v1::Identity>;
  Get::Spec spec;
  spec.name = "get_identity";
  spec.method = &IdentityService::Stub::PrepareAsyncGetIdentity;
  spec.next_request = [names = target.identities,
                       random = std::mt19937_64(seed)]() mutable {
    v1::GetIdentityRequest request;
    request.set_name(names[random() % names.size()]);
    return request;
  };
  return std::make_unique<Get>(target.channels, target.settings,
                               std::move(spec));
}

std::unique_ptr<Workload> ListIdentitiesLoad(const CordonTarget& target) {
  using List = UnaryWorkload<IdentityService, v1::ListIdentitiesRequest,
                             v1::ListIdentitiesResponse>;
  List::Spec spec;
  spec.name = "list_identities";
  spec.method = &IdentityService::Stub::PrepareAsyncListIdentities;
  spec.next_request = [parent = target.organization] {
    v1::ListIdentitiesRequest request;
    request.set_parent(parent);
    request.set_page_size(50);
    return request;
  };
  return std::make_unique<List>(target.channels, target.settings,
                                std::move(spec));
}

std::unique_ptr<Workload> CreateIdentityLoad(
    const CordonTarget& target,
    std::function<absl::StatusOr<std::string>()> organization,
    std::vector<std::string>* created) {
  using Create =
      UnaryWorkload<IdentityService, v1::CreateIdentityRequest, v1::Identity>;
  // Shared by the prepare hook (which moves to a new organization) and the
  // request builder.
  auto parent = std::make_shared<std::string>();
  Create::Spec spec;
  spec.name = "create_identity";
  spec.method = &IdentityService::Stub::PrepareAsyncCreateIdentity;
  spec.prepare = [parent, organization = std::move(organization)] {
    absl::StatusOr<std::string> name = organization();
    if (!name.ok()) return name.status();
    *parent = *name;
    return absl::OkStatus();
  };
  spec.next_request = [parent, nonce = target.nonce, n = int64_t{0}]() mutable {
    v1::CreateIdentityRequest request;
    request.set_parent(*parent);
    v1::Identity* identity = request.mutable_identity();
    identity->set_upn(absl::StrCat("u", n++, "-", nonce, "@contoso.com"));
    identity->set_source(v1::Identity::CLOUD_ONLY);
    identity->set_usage_location("US");
    return request;
  };
  if (created != nullptr) {
    spec.on_success = [created](const v1::Identity& identity) {
      created->push_back(identity.name());
    };
  }
  return std::make_unique<Create>(target.channels, target.settings,
                                  std::move(spec));
}

std::unique_ptr<Workload> RecordSignInLoad(const CordonTarget& target,
                                           const std::string& name,
                                           const std::string& country) {
  using Record = UnaryWorkload<TelemetryService, v1::RecordSignInRequest,
                               v1::RecordSignInResponse>;
  Record::Spec spec;
  spec.name = name;
  spec.method = &TelemetryService::Stub::PrepareAsyncRecordSignIn;
  spec.next_request = [names = target.identities,
                       prefix = absl::StrCat(name, "-", target.nonce, "-"),
                       country, n = int64_t{0}]() mutable {
    v1::RecordSignInRequest request;
    v1::SignInEvent* event = request.mutable_sign_in();
    event->set_event_id(absl::StrCat(prefix, n));
    event->set_identity(names[n % names.size()]);
    event->mutable_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
    event->set_ip_address("203.0.113.7");
    event->set_country(country);
    ++n;
    return request;
  };
  return std::make_unique<Record>(target.channels, target.settings,
                                  std::move(spec));
}

}  // namespace cordon::bench::grpc_load
