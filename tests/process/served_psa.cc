#include "tests/process/served_psa.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/telemetry.grpc.pb.h"
#include "google/protobuf/util/time_util.h"

namespace cordon::process_testing {

std::vector<std::string> PsaServerFlags(const ServedTenant& tenant) {
  std::vector<std::string> flags = tenant.ServerFlags();
  flags.push_back("--psa_ca_file=" + tenant.ca_file());
  flags.push_back("--psa_timeout=5s");
  // The served PSAs listen on loopback.
  flags.push_back("--allow_private_endpoints");
  return flags;
}

void PrintTo(const Product& product, std::ostream* out) {
  *out << product.desk;
}

std::vector<Product> ServedProducts() {
  return {Product{v1::PsaIntegration::CONNECTWISE, "connectwise"},
          Product{v1::PsaIntegration::AUTOTASK, "autotask"},
          Product{v1::PsaIntegration::HALOPSA, "halopsa"}};
}

v1::PsaIntegration Integration(const Product& product,
                               const std::string& base) {
  v1::PsaIntegration psa;
  psa.set_kind(product.kind);
  psa.set_endpoint(base);
  switch (product.kind) {
    case v1::PsaIntegration::CONNECTWISE:
      psa.set_company_id("contoso");
      psa.set_board("1");
      psa.set_customer("250");
      psa.set_client_id("cw-client-id");
      psa.set_username("cw-public-key");
      psa.set_secret("cw-private-key");
      break;
    case v1::PsaIntegration::AUTOTASK:
      psa.set_endpoint(base + "/atservicesrest");
      psa.set_board("29683481");
      psa.set_customer("250");
      psa.set_client_id("at-integration-code");
      psa.set_username("cordon-api@contoso.example");
      psa.set_secret("at-secret");
      break;
    default:
      psa.set_company_id("contoso");
      psa.set_board("2");
      psa.set_client_id("halo-client-id");
      psa.set_secret("halo-client-secret");
      break;
  }
  return psa;
}

PsaCalls::PsaCalls(int port, std::string key)
    : channel_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                   grpc::InsecureChannelCredentials())),
      key_(std::move(key)) {}

grpc::Status PsaCalls::SetPsa(const std::string& account,
                              const v1::PsaIntegration& psa) {
  grpc::ClientContext context;
  Prepare(&context);
  v1::UpdateAccountRequest request;
  request.mutable_account()->set_name(account);
  *request.mutable_account()->mutable_settings()->mutable_psa_integration() =
      psa;
  request.mutable_update_mask()->add_paths("settings.psa_integration");
  v1::AccountChange change;
  return v1::AccountService::NewStub(channel_)->UpdateAccount(&context, request,
                                                              &change);
}

grpc::Status PsaCalls::SignInThroughVpn(const std::string& identity) {
  grpc::ClientContext context;
  Prepare(&context);
  v1::RecordSignInRequest request;
  v1::SignInEvent* sign_in = request.mutable_sign_in();
  sign_in->set_event_id("evt-vpn-1");
  sign_in->set_identity(identity);
  *sign_in->mutable_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  sign_in->set_ip_address("198.51.100.7");
  sign_in->set_vpn_provider("NordVPN");
  v1::RecordSignInResponse response;
  return v1::TelemetryService::NewStub(channel_)->RecordSignIn(
      &context, request, &response);
}

void PsaCalls::Prepare(grpc::ClientContext* context) const {
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  context->AddMetadata("authorization", "Bearer " + key_);
}

nlohmann::json SimPsa(const ServedTenant& tenant, const std::string& desk,
                      const std::string& verb, const std::string& body) {
  adapters::http::CurlHttpClient::Options options;
  options.ca_file = tenant.ca_file();
  adapters::http::CurlHttpClient http(options);
  adapters::http::HttpRequest request;
  request.url = tenant.base_url() + "/_sim/psa/" + desk + "/" + verb;
  if (verb != "tickets") {
    request.method = adapters::http::HttpMethod::kPost;
    request.headers = {{"Content-Type", "application/json"}};
    request.body = body;
  }
  return nlohmann::json::parse(http.Send(request).body, nullptr, false);
}

nlohmann::json DeskTickets(const ServedTenant& tenant,
                           const std::string& desk) {
  return SimPsa(tenant, desk, "tickets")
      .value("tickets", nlohmann::json::array());
}

std::string StartPsaCordon(const std::string& directory, const Product& product,
                           PsaCordon* out) {
  out->tenant = std::make_unique<ServedTenant>(directory, TenantOptions());
  if (!out->tenant->error().empty()) return out->tenant->error();
  out->server = std::make_unique<CordonServer>(directory + "/data",
                                               PsaServerFlags(*out->tenant));
  if (std::string error = out->server->Start(); !error.empty()) return error;
  CordonApi api(out->server->port(), out->server->key());
  if (std::string error = SetUpWalkthrough(api, *out->tenant, 1, &out->walk);
      !error.empty()) {
    return error;
  }
  const grpc::Status set =
      PsaCalls(out->server->port(), out->server->key())
          .SetPsa(out->walk.account,
                  Integration(product, out->tenant->base_url()));
  return set.ok() ? "" : "set PSA: " + set.error_message();
}

}  // namespace cordon::process_testing
