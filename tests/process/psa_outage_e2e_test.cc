// End to end over real processes and real HTTPS (ESC-2, ESC-8): a PSA
// outage during a CRITICAL incident report. cordon-sim --serve's PSA refuses
// Cordon's credentials (a permanent failure, so nothing waits through a day
// of retries); the report's delivery stays PENDING with the PSA's refusal in
// words, and one CRITICAL INTEGRATION_PSA_DELIVERY_FAILED escalation opens.
// Once the PSA works again, "integration fixed" delivers the report as one
// ticket and the escalation resolves. For each served product: each refuses
// differently (ConnectWise and Autotask answer the call with 401, HaloPSA's
// token endpoint refuses the client credentials).

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/process/served_cordon.h"
#include "tests/process/served_psa.h"

namespace cordon::process_testing {
namespace psa_outage_e2e_test {

constexpr auto kDeliver = std::chrono::seconds(30);

std::vector<v1::Escalation> PsaDeliveryEscalations(
    const std::vector<v1::Escalation>& escalations) {
  std::vector<v1::Escalation> found;
  for (const v1::Escalation& escalation : escalations) {
    if (escalation.type() == v1::INTEGRATION_PSA_DELIVERY_FAILED) {
      found.push_back(escalation);
    }
  }
  return found;
}

// What the test sees of the server after each poll.
struct Seen {
  std::optional<v1::IncidentReport> report;
  std::vector<v1::Escalation> psa_escalations;
};

class PsaOutageE2eTest : public ::testing::TestWithParam<Product> {
 protected:
  void SetUp() override {
    ASSERT_EQ(StartPsaCordon(directory_.path(), GetParam(), &cordon_), "");
    api_ = std::make_unique<CordonApi>(cordon_.server->port(),
                                       cordon_.server->key());
  }

  // Polls the report and the account's PSA delivery escalations until
  // `done` holds or kDeliver passes; returns the last seen either way.
  template <typename Done>
  Seen PollUntil(const std::string& report, Done done) {
    Seen seen;
    const auto deadline = Steady::now() + kDeliver;
    while (Steady::now() < deadline) {
      seen.report = api_->Report(report);
      auto escalations = api_->Escalations(cordon_.walk.account);
      if (escalations.has_value()) {
        seen.psa_escalations = PsaDeliveryEscalations(*escalations);
      }
      if (seen.report.has_value() && done(seen)) break;
      // Bounded: reads the server's log for 20 ms between polls.
      cordon_.server->Wait(
          std::min(deadline, Steady::now() + std::chrono::milliseconds(20)));
    }
    return seen;
  }

  std::string Describe(const Seen& seen) const {
    std::string out = seen.report ? seen.report->delivery().DebugString()
                                  : "no report: " + api_->error();
    for (const v1::Escalation& escalation : seen.psa_escalations) {
      absl::StrAppend(&out, "\n", escalation.DebugString());
    }
    return absl::StrCat(out, "\n", cordon_.server->log());
  }

  const std::string& desk() const { return GetParam().desk; }

  testing::TempDir directory_;
  PsaCordon cordon_;
  std::unique_ptr<CordonApi> api_;
};

bool Delivered(const v1::IncidentReport& report) {
  return report.delivery().state() == v1::ReportDelivery::DELIVERED;
}

TEST_P(
    PsaOutageE2eTest,
    Esc2CriticalReportThePsaRefusesRaisesOneCriticalEscalationEsc8FixedDelivers) {
  ASSERT_EQ(SimPsa(*cordon_.tenant, desk(), "fault",
                   R"({"fault":"expired_credentials"})")
                .value("ok", false),
            true);
  const std::string report =
      api_->SendReport(cordon_.walk.organization, cordon_.walk.identities[0]);
  ASSERT_NE(report, "") << api_->error();

  // ESC-2: the delivery fails visibly and raises exactly one escalation,
  // CRITICAL like the report.
  Seen seen = PollUntil(report, [](const Seen& s) {
    return !s.psa_escalations.empty() && s.report->delivery().attempts() >= 1;
  });
  ASSERT_TRUE(seen.report.has_value()) << Describe(seen);
  const v1::ReportDelivery& failed = seen.report->delivery();
  EXPECT_EQ(failed.channel(), v1::ReportDelivery::PSA) << Describe(seen);
  EXPECT_EQ(failed.state(), v1::ReportDelivery::PENDING) << Describe(seen);
  // In words, for the admin: the PSA's refusal, not a bare "failed".
  EXPECT_NE(failed.detail().find("refused the credentials"), std::string::npos)
      << Describe(seen);
  EXPECT_EQ(failed.psa_ticket_id(), "") << Describe(seen);
  ASSERT_EQ(seen.psa_escalations.size(), 1u) << Describe(seen);
  const v1::Escalation raised = seen.psa_escalations[0];
  EXPECT_EQ(raised.severity(), v1::CRITICAL);
  EXPECT_EQ(raised.status(), v1::Escalation::OPEN);
  ASSERT_GE(raised.events_size(), 1);
  EXPECT_EQ(raised.events(0).subject(), report);
  EXPECT_EQ(DeskTickets(*cordon_.tenant, desk()).size(), 0u);

  // ESC-8: the PSA works again and the admin says so; the pending report is
  // delivered and the escalation resolves.
  ASSERT_EQ(SimPsa(*cordon_.tenant, desk(), "fix", "{}").value("ok", false),
            true);
  ASSERT_TRUE(api_->AnswerIntegrationFixed(raised.name())) << api_->error();
  seen = PollUntil(report, [](const Seen& s) {
    return Delivered(*s.report) && s.psa_escalations.size() == 1 &&
           s.psa_escalations[0].status() == v1::Escalation::RESOLVED;
  });
  ASSERT_TRUE(seen.report.has_value() && Delivered(*seen.report))
      << Describe(seen);
  ASSERT_EQ(seen.psa_escalations.size(), 1u) << Describe(seen);
  EXPECT_EQ(seen.psa_escalations[0].name(), raised.name());
  EXPECT_EQ(seen.psa_escalations[0].status(), v1::Escalation::RESOLVED)
      << Describe(seen);
  EXPECT_EQ(seen.psa_escalations[0].resolution(), v1::Escalation::ANSWERED);

  // One ticket in the PSA, the one the report records, tagged with it.
  const nlohmann::json tickets = DeskTickets(*cordon_.tenant, desk());
  ASSERT_EQ(tickets.size(), 1u) << tickets.dump();
  EXPECT_EQ(absl::StrCat(tickets[0].value("id", int64_t{0})),
            seen.report->delivery().psa_ticket_id());
  EXPECT_NE(
      tickets[0].value("title", "").find(absl::StrCat("[Cordon:", report, "]")),
      std::string::npos)
      << tickets.dump();
}

INSTANTIATE_TEST_SUITE_P(Products, PsaOutageE2eTest,
                         ::testing::ValuesIn(ServedProducts()), ProductName());

}  // namespace psa_outage_e2e_test
}  // namespace cordon::process_testing
