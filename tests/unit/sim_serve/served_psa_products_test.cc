// What is particular to each served PSA and its adapter: discovery caching
// (ConnectWise company info, Autotask zone), HaloPSA's token cache,
// Autotask's 500-with-validation-words and its thread limit, the /_sim/psa/
// knobs and the request log (ESC-2, DESIGN rules 6 and 7).

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/escalation/psa_outcome.h"
#include "tests/unit/sim_serve/served_psa_fixture.h"

namespace cordon::sim::serve::testing {
namespace served_psa_products_test {

using core::ErrorClass;
using ::testing::HasSubstr;
using ::testing::Not;

bool Ok(const ports::PsaCallOutcome& outcome) {
  return core::ClassifyPsaOutcome(outcome.http_status, outcome.timed_out) ==
         ErrorClass::kSuccess;
}

TEST_F(ServedPsaTest, ConnectWiseCompanyInfoIsAskedOncePerSiteAndCompany) {
  const ports::PsaConnection connection = Connection("CONNECTWISE");
  for (const char* reference :
       {"accounts/3/escalations/1", "accounts/3/escalations/2"}) {
    const ports::PsaCallOutcome outcome =
        psa_->CreateTicket(connection, Ticket(reference));
    ASSERT_TRUE(Ok(outcome)) << outcome.message;
  }
  ASSERT_TRUE(Ok(psa_->TestConnection(connection)));
  EXPECT_EQ(CountLogged("/login/companyinfo/contoso"), 1);
  // The API was found where company info said: {Codebase}apis/3.0.
  EXPECT_EQ(CountLogged("/v2025_1/apis/3.0/service/tickets"), 4);
}

// A base that stops answering (404: the site moved to another release) is
// forgotten, so the next attempt asks company info again.
TEST_F(ServedPsaTest, ConnectWiseForgetsTheApiBaseWhenItStopsAnswering) {
  const ports::PsaConnection connection = Connection("CONNECTWISE");
  ASSERT_TRUE(Ok(psa_->TestConnection(connection)));
  HttpFaultConfig moved;
  moved.scripted.push_back(
      {"GET", "/v2025_1/apis/3\\.0/service/boards/1", 1, 404, "", -1});
  server_->faults().Reconfigure(moved);
  EXPECT_EQ(psa_->TestConnection(connection).http_status, 404);
  ASSERT_TRUE(Ok(psa_->TestConnection(connection)));
  EXPECT_EQ(CountLogged("/login/companyinfo/contoso"), 2);
}

TEST_F(ServedPsaTest, AutotaskZoneIsAskedOncePerUserAndUsed) {
  const ports::PsaConnection connection = Connection("AUTOTASK");
  for (const char* reference :
       {"accounts/3/escalations/1", "accounts/3/escalations/2"}) {
    const ports::PsaCallOutcome outcome =
        psa_->CreateTicket(connection, Ticket(reference));
    ASSERT_TRUE(Ok(outcome)) << outcome.message;
  }
  EXPECT_EQ(CountLogged("zoneInformation"), 1);
  EXPECT_EQ(CountLogged("/zone3/ATServicesRest/v1.0/Tickets"), 4);
}

// Autotask answers a queue that does not exist with HTTP 500: the words
// make it permanent (not retried for a day), while its real 500 stays
// retryable.
TEST_F(ServedPsaTest, Esc2AutotaskValidation500IsPermanentServer500Retryable) {
  ports::PsaConnection bad_queue = Connection("AUTOTASK");
  bad_queue.board = "404404";
  const ports::PsaCallOutcome validation =
      psa_->CreateTicket(bad_queue, Ticket("accounts/3/escalations/1"));
  EXPECT_EQ(validation.http_status, 422);
  EXPECT_EQ(core::ClassifyPsaOutcome(validation.http_status, false),
            ErrorClass::kPermanent);
  EXPECT_THAT(validation.message, HasSubstr("queueID"));

  SetFault("autotask", PsaFailure::kServerError, "create", 1);
  const ports::PsaCallOutcome server = psa_->CreateTicket(
      Connection("AUTOTASK"), Ticket("accounts/3/escalations/1"));
  EXPECT_EQ(server.http_status, 500);
  EXPECT_EQ(core::ClassifyPsaOutcome(server.http_status, false),
            ErrorClass::kRetryable);
}

// Autotask refuses a fourth concurrent request per endpoint; the adapter
// keeps at most three in flight, so six at once all succeed.
TEST_F(ServedPsaTest, AutotaskKeepsAtMostThreeCallsInFlight) {
  const ports::PsaConnection connection = Connection("AUTOTASK");
  ASSERT_TRUE(Ok(psa_->TestConnection(connection)));  // zone discovered
  PsaFault slow;
  slow.delay_ms = 150;  // calls overlap
  Desk("autotask").SetFault(slow);
  std::vector<ports::PsaCallOutcome> outcomes(6);
  std::vector<std::thread> threads;
  for (auto& outcome : outcomes) {
    threads.emplace_back(
        [&, connection] { outcome = psa_->TestConnection(connection); });
  }
  for (std::thread& thread : threads) thread.join();
  for (const ports::PsaCallOutcome& outcome : outcomes) {
    EXPECT_TRUE(Ok(outcome)) << outcome.message;
  }
  EXPECT_LE(Desk("autotask").max_in_flight(), 3);
  EXPECT_GE(Desk("autotask").max_in_flight(), 2);
}

TEST_F(ServedPsaTest, HaloTokenIsCachedAndRefreshedBeforeItExpires) {
  const ports::PsaConnection connection = Connection("HALOPSA");
  ASSERT_TRUE(Ok(psa_->TestConnection(connection)));
  ASSERT_TRUE(
      Ok(psa_->CreateTicket(connection, Ticket("accounts/3/escalations/1"))));
  EXPECT_EQ(server_->psas().halo().tokens_issued(), 1);
  // Within the last minute of its hour the token is replaced, before the
  // server would refuse it.
  clock_.Advance(absl::Minutes(59) + absl::Seconds(30));
  ASSERT_TRUE(Ok(psa_->TestConnection(connection)));
  EXPECT_EQ(server_->psas().halo().tokens_issued(), 2);
  EXPECT_EQ(CountLogged("/auth/token"), 2);
}

// A token the server stopped accepting (401) is forgotten: the next attempt
// gets a new one instead of failing until the cached one expires.
TEST_F(ServedPsaTest, HaloTokenRefusedWith401IsReplacedNextCall) {
  const ports::PsaConnection connection = Connection("HALOPSA");
  ASSERT_TRUE(Ok(psa_->TestConnection(connection)));
  SetFault("halopsa", PsaFailure::kExpiredCredentials, "test", 1);
  EXPECT_EQ(psa_->TestConnection(connection).http_status, 401);
  ASSERT_TRUE(Ok(psa_->TestConnection(connection)));
  EXPECT_EQ(server_->psas().halo().tokens_issued(), 2);
}

// Expired client credentials fail at the token endpoint, permanently, with
// Halo's words and no secret.
TEST_F(ServedPsaTest, HaloExpiredCredentialsFailAtTheTokenEndpoint) {
  SetFault("halopsa", PsaFailure::kExpiredCredentials);
  const ports::PsaCallOutcome outcome = psa_->CreateTicket(
      Connection("HALOPSA"), Ticket("accounts/3/escalations/1"));
  EXPECT_EQ(outcome.http_status, 401);
  EXPECT_THAT(outcome.message, HasSubstr("not valid"));
  EXPECT_THAT(outcome.message, Not(HasSubstr("halo-client-secret")));
  EXPECT_EQ(CountLogged("/api/"), 0);
}

TEST_F(ServedPsaTest, UnknownKindIsRefusedWithoutACall) {
  ports::PsaConnection connection = Connection("CONNECTWISE");
  connection.kind = "SERVICENOW";
  const ports::PsaCallOutcome outcome = psa_->TestConnection(connection);
  EXPECT_EQ(outcome.http_status, 400);
  EXPECT_THAT(outcome.message, HasSubstr("SERVICENOW"));
  EXPECT_TRUE(server_->request_log().Entries().empty());
}

// DESIGN rule 7: every PSA call is in the request log, named by product,
// and the log holds no credential.
TEST_F(ServedPsaTest, RequestLogNamesEveryPsaCallAndHoldsNoSecret) {
  for (const PsaProduct& product : AllPsaProducts()) {
    ASSERT_TRUE(Ok(psa_->CreateTicket(Connection(product.kind),
                                      Ticket("accounts/3/escalations/9"))));
  }
  int logged = 0;
  for (const LoggedRequest& entry : server_->request_log().Entries()) {
    EXPECT_THAT(entry.tenant,
                ::testing::AnyOf("connectwise", "autotask", "halopsa"))
        << entry.path;
    ++logged;
  }
  // CW: companyinfo, lookup, create; AT: zone, lookup, create; Halo:
  // token, lookup, create.
  EXPECT_EQ(logged, 9);
  const std::string log = server_->request_log().ToJson();
  for (const char* secret :
       {"cw-private-key", "at-secret", "halo-client-secret", "halo-token-1"}) {
    EXPECT_THAT(log, Not(HasSubstr(secret)));
  }
}

}  // namespace served_psa_products_test
}  // namespace cordon::sim::serve::testing
