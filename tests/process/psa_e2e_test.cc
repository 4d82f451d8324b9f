// End to end over real processes and real HTTPS (ESC-2, ESC-3): cordon-sim
// --serve also serves fake ConnectWise PSA, Autotask and HaloPSA; a real
// cordon-server, with the account's PsaIntegration set by UpdateAccount,
// files a login escalation as one ticket in each product through the real
// adapters, and records the PSA's ticket id on the escalation.

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/process/served_cordon.h"
#include "tests/process/served_psa.h"

namespace cordon::process_testing {
namespace psa_e2e_test {

constexpr auto kDeliver = std::chrono::seconds(30);

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
    ASSERT_EQ(StartPsaCordon(directory_.path(), GetParam(), &cordon_), "");
  }
  PsaCalls Calls() const {
    return PsaCalls(cordon_.server->port(), cordon_.server->key());
  }
  v1::PsaIntegration Integration() const {
    return process_testing::Integration(GetParam(), cordon_.tenant->base_url());
  }
  // The escalation, once the server recorded its ticket, is the served
  // desk's one ticket, tagged with the escalation's name.
  void ExpectOneTaggedTicket() {
    CordonApi api(cordon_.server->port(), cordon_.server->key());
    const std::optional<v1::Escalation> escalation =
        WaitForTicket(*cordon_.server, api, cordon_.walk.account);
    ASSERT_TRUE(escalation.has_value()) << api.error() << cordon_.server->log();
    ASSERT_FALSE(escalation->psa_ticket_id().empty())
        << escalation->DebugString() << cordon_.server->log();
    const nlohmann::json tickets =
        DeskTickets(*cordon_.tenant, GetParam().desk);
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
  PsaCordon cordon_;
};

TEST_P(PsaE2eTest, Esc3LoginEscalationBecomesOneTicketInThePsa) {
  SetUpAccount();
  const grpc::Status signed_in =
      Calls().SignInThroughVpn(cordon_.walk.identities[0]);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error_message();
  ExpectOneTaggedTicket();
  // The secret never reaches the server's log.
  EXPECT_EQ(cordon_.server->log().find(Integration().secret()),
            std::string::npos);
}

// ESC-2, kill -9 between the PSA call and its record: the PSA made the
// ticket but its answer never came back, and the server was killed. The
// restarted server's retry finds the ticket by its tag: still one ticket.
TEST_P(PsaE2eTest, Esc2KillAfterTicketCreatedBeforeRecordKeepsOneTicket) {
  SetUpAccount();
  ASSERT_EQ(SimPsa(*cordon_.tenant, GetParam().desk, "fault",
                   R"({"fault":"timeout_after_effect","operation":"create",)"
                   R"("times":1,"hold_ms":60000})")
                .value("ok", false),
            true);
  const grpc::Status signed_in =
      Calls().SignInThroughVpn(cordon_.walk.identities[0]);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error_message();
  const auto deadline = Steady::now() + kDeliver;
  while (DeskTickets(*cordon_.tenant, GetParam().desk).empty() &&
         Steady::now() < deadline) {
    cordon_.server->Wait(
        std::min(deadline, Steady::now() + std::chrono::milliseconds(20)));
  }
  ASSERT_EQ(DeskTickets(*cordon_.tenant, GetParam().desk).size(), 1u);
  cordon_.server->Kill();  // SIGKILL while the create's answer is held back
  SimPsa(*cordon_.tenant, GetParam().desk, "fix", "{}");
  ASSERT_EQ(cordon_.server->Start(), "");
  ExpectOneTaggedTicket();
}

INSTANTIATE_TEST_SUITE_P(Products, PsaE2eTest,
                         ::testing::ValuesIn(ServedProducts()), ProductName());

}  // namespace psa_e2e_test
}  // namespace cordon::process_testing
