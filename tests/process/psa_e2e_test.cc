// End to end over real processes and real HTTPS (ESC-2, ESC-3): cordon-sim
// --serve also serves fake ConnectWise PSA, Autotask and HaloPSA; a real
// cordon-server, with the account's PsaIntegration set by UpdateAccount,
// files a login escalation as one ticket in each product through the real
// adapters, and records the PSA's ticket id on the escalation.

#include <algorithm>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/telemetry.grpc.pb.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/process/served_cordon.h"

namespace cordon::process_testing {
namespace {

constexpr auto kDeliver = std::chrono::seconds(30);

// cordon-server's flags for PSAs on loopback. When the server refuses
// private PSA endpoints by default, its opt-out flag belongs here.
std::vector<std::string> PsaServerFlags(const ServedTenant& tenant) {
  std::vector<std::string> flags = tenant.ServerFlags();
  flags.push_back("--psa_ca_file=" + tenant.ca_file());
  flags.push_back("--psa_timeout=5s");
  // The served PSAs listen on loopback.
  flags.push_back("--allow_private_endpoints");
  return flags;
}

struct Product {
  v1::PsaIntegration::Kind kind;
  std::string desk;  // /_sim/psa/{desk}/
};

void PrintTo(const Product& product, std::ostream* out) {
  *out << product.desk;
}

// The integration the served fake accepts (simulator/serve/
// served_psa_accounts.h; docs/psa-setup.md, "Trying it against the
// simulator").
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

// The calls this test needs beyond CordonApi's, with the bootstrap key.
class PsaCalls {
 public:
  PsaCalls(int port, std::string key)
      : channel_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                     grpc::InsecureChannelCredentials())),
        key_(std::move(key)) {}

  grpc::Status SetPsa(const std::string& account,
                      const v1::PsaIntegration& psa) {
    grpc::ClientContext context;
    Prepare(&context);
    v1::UpdateAccountRequest request;
    request.mutable_account()->set_name(account);
    *request.mutable_account()->mutable_settings()->mutable_psa_integration() =
        psa;
    request.mutable_update_mask()->add_paths("settings.psa_integration");
    v1::AccountChange change;
    return v1::AccountService::NewStub(channel_)->UpdateAccount(
        &context, request, &change);
  }

  // A sign-in through a VPN no rule expects: LOGIN_UNEXPECTED_VPN (ESC-2),
  // a login escalation, so it goes to the PSA (ESC-3).
  grpc::Status SignInThroughVpn(const std::string& identity) {
    grpc::ClientContext context;
    Prepare(&context);
    v1::RecordSignInRequest request;
    v1::SignInEvent* sign_in = request.mutable_sign_in();
    sign_in->set_event_id("evt-vpn-1");
    sign_in->set_identity(identity);
    *sign_in->mutable_time() =
        google::protobuf::util::TimeUtil::GetCurrentTime();
    sign_in->set_ip_address("198.51.100.7");
    sign_in->set_vpn_provider("NordVPN");
    v1::RecordSignInResponse response;
    return v1::TelemetryService::NewStub(channel_)->RecordSignIn(
        &context, request, &response);
  }

 private:
  void Prepare(grpc::ClientContext* context) const {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    context->AddMetadata("authorization", "Bearer " + key_);
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::string key_;
};

// GET /_sim/psa/{desk}/tickets, or POST `body` to /_sim/psa/{desk}/{verb}.
nlohmann::json SimPsa(const ServedTenant& tenant, const std::string& desk,
                      const std::string& verb, const std::string& body = "") {
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

// The account's one escalation once it carries a ticket id, or the last
// seen (or nothing) at the deadline.
std::optional<v1::Escalation> WaitForTicket(CordonServer& server,
                                            CordonApi& api,
                                            const std::string& account) {
  std::optional<v1::Escalation> last;
  const auto deadline = Steady::now() + kDeliver;
  while (Steady::now() < deadline) {
    auto escalations = api.Escalations(account);
    if (escalations.has_value() && escalations->size() == 1) {
      last = (*escalations)[0];
      if (!last->psa_ticket_id().empty()) return last;
    }
    // Bounded: reads the server's log for 20 ms between polls.
    server.Wait(
        std::min(deadline, Steady::now() + std::chrono::milliseconds(20)));
  }
  return last;
}

class PsaE2eTest : public ::testing::TestWithParam<Product> {
 protected:
  // cordon-sim --serve and cordon-server up, an account with an
  // organization, an identity and the product's integration.
  void SetUpAccount() {
    tenant_ =
        std::make_unique<ServedTenant>(directory_.path(), TenantOptions());
    ASSERT_EQ(tenant_->error(), "");
    server_ = std::make_unique<CordonServer>(directory_.path() + "/data",
                                             PsaServerFlags(*tenant_));
    ASSERT_EQ(server_->Start(), "");
    CordonApi api(server_->port(), server_->key());
    ASSERT_EQ(SetUpWalkthrough(api, *tenant_, 1, &walk_), "");
    const grpc::Status set = Calls().SetPsa(walk_.account, Integration());
    ASSERT_TRUE(set.ok()) << set.error_message();
  }
  PsaCalls Calls() const { return PsaCalls(server_->port(), server_->key()); }
  v1::PsaIntegration Integration() const {
    return process_testing::Integration(GetParam(), tenant_->base_url());
  }
  // The escalation, once the server recorded its ticket, is the served
  // desk's one ticket, tagged with the escalation's name.
  void ExpectOneTaggedTicket() {
    CordonApi api(server_->port(), server_->key());
    const std::optional<v1::Escalation> escalation =
        WaitForTicket(*server_, api, walk_.account);
    ASSERT_TRUE(escalation.has_value()) << api.error() << server_->log();
    ASSERT_FALSE(escalation->psa_ticket_id().empty())
        << escalation->DebugString() << server_->log();
    const nlohmann::json tickets = DeskTickets(*tenant_, GetParam().desk);
    ASSERT_EQ(tickets.size(), 1u) << tickets.dump();
    EXPECT_EQ(absl::StrCat(tickets[0].value("id", int64_t{0})),
              escalation->psa_ticket_id());
    EXPECT_NE(tickets[0]
                  .value("title", "")
                  .find(absl::StrCat("[Cordon:", escalation->name(), "]")),
              std::string::npos)
        << tickets.dump();
  }

  testing::TempDir directory_;
  std::unique_ptr<ServedTenant> tenant_;
  std::unique_ptr<CordonServer> server_;
  Walkthrough walk_;
};

TEST_P(PsaE2eTest, Esc3LoginEscalationBecomesOneTicketInThePsa) {
  SetUpAccount();
  const grpc::Status signed_in = Calls().SignInThroughVpn(walk_.identities[0]);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error_message();
  ExpectOneTaggedTicket();
  // The secret never reaches the server's log.
  EXPECT_EQ(server_->log().find(Integration().secret()), std::string::npos);
}

// ESC-2, kill -9 between the PSA call and its record: the PSA made the
// ticket but its answer never came back, and the server was killed. The
// restarted server's retry finds the ticket by its tag: still one ticket.
TEST_P(PsaE2eTest, Esc2KillAfterTicketCreatedBeforeRecordKeepsOneTicket) {
  SetUpAccount();
  ASSERT_EQ(SimPsa(*tenant_, GetParam().desk, "fault",
                   R"({"fault":"timeout_after_effect","operation":"create",)"
                   R"("times":1,"hold_ms":60000})")
                .value("ok", false),
            true);
  const grpc::Status signed_in = Calls().SignInThroughVpn(walk_.identities[0]);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error_message();
  const auto deadline = Steady::now() + kDeliver;
  while (DeskTickets(*tenant_, GetParam().desk).empty() &&
         Steady::now() < deadline) {
    server_->Wait(
        std::min(deadline, Steady::now() + std::chrono::milliseconds(20)));
  }
  ASSERT_EQ(DeskTickets(*tenant_, GetParam().desk).size(), 1u);
  server_->Kill();  // SIGKILL while the create's answer is held back
  SimPsa(*tenant_, GetParam().desk, "fix", "{}");
  ASSERT_EQ(server_->Start(), "");
  ExpectOneTaggedTicket();
}

INSTANTIATE_TEST_SUITE_P(
    Products, PsaE2eTest,
    ::testing::Values(Product{v1::PsaIntegration::CONNECTWISE, "connectwise"},
                      Product{v1::PsaIntegration::AUTOTASK, "autotask"},
                      Product{v1::PsaIntegration::HALOPSA, "halopsa"}),
    [](const ::testing::TestParamInfo<Product>& info) {
      return info.param.desk;
    });

}  // namespace
}  // namespace cordon::process_testing
