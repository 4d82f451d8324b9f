#include "server/adapters/unconfigured_psa.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/escalation/psa_outcome.h"
#include "server/core/isolation/error_class.h"

namespace cordon::adapters {
namespace unconfigured_psa_test {

using ::testing::HasSubstr;

// ESC-2 INTEGRATION_PSA_DELIVERY_FAILED: without a PSA adapter a delivery
// fails for good and says why, rather than being retried forever or
// pretending a ticket exists.
TEST(UnconfiguredPsaTest, EveryCallFailsPermanentlySayingTheAdapterIsMissing) {
  UnconfiguredPsa psa;
  ports::PsaConnection connection;
  connection.account = "accounts/3";
  connection.kind = "CONNECTWISE";
  connection.endpoint = "https://psa.example";
  connection.board = "Security";
  connection.secret = "s3cret";
  const ports::PsaCallOutcome created = psa.CreateTicket(
      connection, {"accounts/3/escalations/5", "t", "b", "LOW"});
  const ports::PsaCallOutcome noted =
      psa.AddTicketNote(connection, "T-1", "note");
  const ports::PsaCallOutcome tested = psa.TestConnection(connection);

  for (const ports::PsaCallOutcome& outcome : {created, noted, tested}) {
    EXPECT_EQ(core::ClassifyPsaOutcome(outcome.http_status, outcome.timed_out),
              core::ErrorClass::kPermanent);
    EXPECT_TRUE(outcome.ticket_id.empty());
    EXPECT_THAT(outcome.message, HasSubstr("CordonPsaAdapterNotConfigured"));
    EXPECT_THAT(outcome.message, HasSubstr("no PSA REST adapter"));
    // The stored secret never appears in what is shown to admins.
    EXPECT_THAT(outcome.message, ::testing::Not(HasSubstr("s3cret")));
  }
}

}  // namespace unconfigured_psa_test
}  // namespace cordon::adapters
