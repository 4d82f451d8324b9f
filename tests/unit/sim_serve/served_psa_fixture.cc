#include "tests/unit/sim_serve/served_psa_fixture.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace cordon::sim::serve::testing {

std::vector<PsaProduct> AllPsaProducts() {
  return {{"CONNECTWISE", "connectwise"},
          {"AUTOTASK", "autotask"},
          {"HALOPSA", "halopsa"}};
}

void ServedPsaTest::SetUp() {
  ServeOptions options;
  options.app.client_id = "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17";
  options.app.client_secret = "served-sim-secret";
  auto server = SimServer::Start(&world_, &random_, &clock_, options);
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = std::move(*server);
  RestartAdapters();
}

void ServedPsaTest::RestartAdapters() {
  psa_.reset();
  halo_.reset();
  autotask_.reset();
  connectwise_.reset();
  caller_.reset();
  adapters::http::CurlHttpClient::Options client_options;
  client_options.ca_file = server_->ca_file();
  http_ = std::make_unique<adapters::http::CurlHttpClient>(client_options);
  adapters::psa::PsaCallLimits limits;
  limits.total_timeout = kCallTimeout;
  caller_ = std::make_unique<adapters::psa::PsaCaller>(http_.get(), &clock_,
                                                       limits, nullptr);
  connectwise_ = std::make_unique<adapters::psa::ConnectWisePsa>(caller_.get());
  autotask_ =
      std::make_unique<adapters::psa::AutotaskPsa>(caller_.get(), kCallTimeout);
  halo_ = std::make_unique<adapters::psa::HaloPsa>(caller_.get());
  psa_ = std::make_unique<adapters::psa::PsaByKind>(
      connectwise_.get(), autotask_.get(), halo_.get());
}

void ServedPsaTest::TearDown() {
  // Clients first: the server waits for its connections' threads.
  psa_.reset();
  halo_.reset();
  autotask_.reset();
  connectwise_.reset();
  caller_.reset();
  http_.reset();
  server_.reset();
}

ports::PsaConnection ServedPsaTest::Connection(const std::string& kind) const {
  const ServedPsaAccounts accounts;
  ports::PsaConnection c;
  c.account = "accounts/3";
  c.kind = kind;
  c.endpoint = server_->BaseUrl();
  if (kind == "CONNECTWISE") {
    c.company_id = accounts.connectwise.company_id;
    c.board = *accounts.connectwise.boards.begin();
    c.customer = "250";
    c.client_id = accounts.connectwise.client_id;
    c.username = accounts.connectwise.public_key;
    c.secret = accounts.connectwise.private_key;
  } else if (kind == "AUTOTASK") {
    c.endpoint = absl::StrCat(server_->BaseUrl(), "/atservicesrest");
    c.board = *accounts.autotask.queues.begin();
    c.customer = *accounts.autotask.companies.begin();
    c.client_id = accounts.autotask.integration_code;
    c.username = accounts.autotask.username;
    c.secret = accounts.autotask.secret;
  } else {
    c.company_id = accounts.halo.tenant;
    c.board = *accounts.halo.teams.begin();
    c.customer = "12";
    c.client_id = accounts.halo.client_id;
    c.secret = accounts.halo.client_secret;
  }
  return c;
}

ports::PsaTicket ServedPsaTest::Ticket(const std::string& reference) {
  ports::PsaTicket ticket;
  ticket.reference = reference;
  ticket.title = "[Cordon] Login from a new country";
  ticket.body = "Megan signed in from Brazil.";
  ticket.priority = "HIGH";
  return ticket;
}

int ServedPsaTest::CountLogged(const std::string& part) const {
  int count = 0;
  for (const LoggedRequest& entry : server_->request_log().Entries()) {
    if (absl::StrContains(entry.path, part)) ++count;
  }
  return count;
}

void ServedPsaTest::SetFault(const std::string& desk, PsaFailure failure,
                             const std::string& operation, int times) {
  PsaFault fault;
  fault.failure = failure;
  fault.operation = operation;
  fault.times = times;
  fault.retry_after_seconds = 7;
  Desk(desk).SetFault(fault);
}

}  // namespace cordon::sim::serve::testing
