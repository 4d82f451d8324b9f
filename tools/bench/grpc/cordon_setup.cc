#include "tools/bench/grpc/cordon_setup.h"

#include "absl/strings/str_cat.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"
#include "tools/bench/grpc/load_driver.h"

namespace cordon::bench::grpc_load {
namespace {

absl::Status SetupCallFailed(const char* call, const grpc::Status& status) {
  return absl::UnavailableError(absl::StrCat(call, " failed: code ",
                                             status.error_code(), " ",
                                             status.error_message()));
}

}  // namespace

absl::StatusOr<std::string> CreateBenchAccount(const CordonTarget& target) {
  v1::CreateAccountRequest request;
  v1::Account* account = request.mutable_account();
  account->set_display_name("cordon-bench grpc");
  account->mutable_settings()->set_identity_isolation_enabled(true);
  account->mutable_settings()->set_automated_isolations_per_hour(1000);
  v1::AccountChange change;
  grpc::ClientContext context;
  target.settings.Apply(&context);
  const grpc::Status status =
      v1::AccountService::NewStub(target.channels.front())
          ->CreateAccount(&context, request, &change);
  if (!status.ok()) return SetupCallFailed("CreateAccount", status);
  return change.account().name();
}

absl::StatusOr<std::string> CreateBenchOrganization(
    const CordonTarget& target, const std::string& m365_tenant_id) {
  v1::CreateOrganizationRequest request;
  request.set_parent(target.account);
  request.mutable_organization()->set_display_name("Bench");
  request.mutable_organization()->set_m365_tenant_id(m365_tenant_id);
  v1::Organization organization;
  grpc::ClientContext context;
  target.settings.Apply(&context);
  const grpc::Status status =
      v1::OrganizationService::NewStub(target.channels.front())
          ->CreateOrganization(&context, request, &organization);
  if (!status.ok()) return SetupCallFailed("CreateOrganization", status);
  return organization.name();
}

absl::Status SetUpCordonTarget(int identities, CordonTarget* target) {
  absl::StatusOr<std::string> account = CreateBenchAccount(*target);
  if (!account.ok()) return account.status();
  target->account = *account;
  absl::StatusOr<std::string> organization =
      CreateBenchOrganization(*target, "");
  if (!organization.ok()) return organization.status();
  target->organization = *organization;
  std::unique_ptr<Workload> create = CreateIdentityLoad(
      *target, [name = *organization] { return name; }, &target->identities);
  if (absl::Status s = create->Prepare(); !s.ok()) return s;
  LoadPoint point;
  point.in_flight = 40;
  point.warmup = absl::ZeroDuration();
  point.duration = absl::Minutes(10);
  point.max_requests = identities;
  const LoadResult seeded =
      RunLoadPoint(*create, static_cast<int>(target->channels.size()), point);
  if (seeded.error_count() > 0 ||
      static_cast<int>(target->identities.size()) != identities) {
    return absl::UnavailableError(absl::StrCat(
        "creating ", identities, " identities: ", target->identities.size(),
        " made, ", seeded.error_count(), " errors"));
  }
  return absl::OkStatus();
}

}  // namespace cordon::bench::grpc_load
