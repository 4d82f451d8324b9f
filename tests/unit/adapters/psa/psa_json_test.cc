// The PSA adapters' readers against the documented payloads of
// tests/contract/psa/ and against malformed, hostile and huge answers
// (DESIGN rule 6: never a crash, always a clear error).

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/adapters/psa/autotask_json.h"
#include "server/adapters/psa/connectwise_json.h"
#include "server/adapters/psa/halo_json.h"
#include "tests/unit/adapters/psa/psa_contract_files.h"

namespace cordon::adapters::psa {
namespace psa_json_test {

using ::testing::HasSubstr;
using testing::ReadPsaContract;

TEST(PsaJsonTest, ConnectWiseContractAnswersRead) {
  EXPECT_EQ(
      ReadConnectWiseApiBase(ReadPsaContract("connectwise_companyinfo.json"))
          .value_or(""),
      "https://api-na.myconnectwise.net/v2025_1/apis/3.0");
  EXPECT_EQ(ReadConnectWiseTicketId(ReadPsaContract("connectwise_ticket.json"))
                .value_or(""),
            "48213");
  auto found =
      ReadConnectWiseTickets(ReadPsaContract("connectwise_tickets.json"));
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(FindTagged(*found, "accounts/3/escalations/5").value_or(""),
            "48213");
  EXPECT_EQ(ConnectWiseErrorWords(
                ReadPsaContract("connectwise_error_invalid_board.json")),
            "ticket object is invalid (board: The board you have selected is "
            "not valid.)");
}

TEST(PsaJsonTest, AutotaskContractAnswersRead) {
  EXPECT_EQ(
      ReadAutotaskApiBase(ReadPsaContract("autotask_zone.json")).value_or(""),
      "https://webservices3.autotask.net/ATServicesRest/v1.0");
  EXPECT_EQ(
      ReadAutotaskItemId(ReadPsaContract("autotask_item.json")).value_or(""),
      "7716");
  auto found =
      ReadAutotaskTickets(ReadPsaContract("autotask_tickets_query.json"));
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(FindTagged(*found, "accounts/3/escalations/5").value_or(""),
            "7716");
}

TEST(PsaJsonTest, HaloContractAnswersRead) {
  EXPECT_EQ(
      ReadHaloTicketId(ReadPsaContract("halopsa_ticket.json")).value_or(""),
      "1042");
  EXPECT_EQ(ReadHaloTicketId(
                absl::StrCat("[", ReadPsaContract("halopsa_ticket.json"), "]"))
                .value_or(""),
            "1042");
  auto found = ReadHaloTickets(ReadPsaContract("halopsa_tickets.json"));
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(FindTagged(*found, "accounts/3/escalations/5").value_or(""),
            "1042");
  EXPECT_EQ(HaloErrorWords(ReadPsaContract("halopsa_token_error.json")),
            "The client credentials are not valid.");
  EXPECT_EQ(HaloErrorWords(ReadPsaContract("halopsa_error.json")),
            "Team 99 does not exist.");
}

// Autotask's 500s: only the words tell a request it will never accept from
// its own failure (ESC-2: a bad queue must not be retried for a day).
TEST(PsaJsonTest, Esc2AutotaskValidationWordsTable) {
  struct Case {
    const char* file;
    bool validation;
  };
  for (const Case& c : {Case{"autotask_error_bad_queue.json", true},
                        Case{"autotask_error_server.json", false},
                        Case{"autotask_error_thread_limit.json", false}}) {
    SCOPED_TRACE(c.file);
    EXPECT_EQ(
        IsAutotaskValidationError(AutotaskErrorWords(ReadPsaContract(c.file))),
        c.validation);
  }
  EXPECT_TRUE(IsAutotaskValidationError("CompanyID is required"));
  EXPECT_TRUE(IsAutotaskValidationError("The value 7 is not valid for field"));
  EXPECT_FALSE(IsAutotaskValidationError(""));
  EXPECT_FALSE(IsAutotaskValidationError("Timeout expired"));
}

// Bodies no reader may crash on, each answered with an error.
TEST(PsaJsonTest, MalformedAnswersAreErrorsNeverCrashes) {
  const std::string huge(5 * 1024 * 1024, ' ');
  const std::string deep = std::string(200, '[') + std::string(200, ']');
  const std::string bodies[] = {
      "",
      "{",
      "null",
      "[]",
      "{}",
      "[1]",
      R"({"id":"abc"})",
      R"({"id":-1})",
      R"({"id":1.5})",
      R"({"id":99999999999999999999999})",
      R"({"itemId":null})",
      R"({"items":{}})",
      R"({"tickets":[{"id":"x"}]})",
      R"({"SiteUrl":"evil.example/x","Codebase":"v1/"})",
      R"({"SiteUrl":"u@evil.example","Codebase":"v1/"})",
      R"({"SiteUrl":"a.example","Codebase":"../../x/"})",
      R"({"SiteUrl":5,"Codebase":"v1/"})",
      R"({"url":"http://plain.example/"})",
      R"({"url":"https://u@evil.example/"})",
      "\xff\xfe{}",
      huge,
      deep,
  };
  for (const std::string& body : bodies) {
    SCOPED_TRACE(body.substr(0, 60));
    EXPECT_FALSE(ReadConnectWiseApiBase(body).ok());
    EXPECT_FALSE(ReadConnectWiseTicketId(body).ok());
    EXPECT_FALSE(ReadAutotaskApiBase(body).ok());
    EXPECT_FALSE(ReadAutotaskItemId(body).ok());
    EXPECT_FALSE(ReadAutotaskTickets(body).ok());
    EXPECT_FALSE(ReadHaloTicketId(body).ok());
    EXPECT_FALSE(ReadHaloTickets(body).ok());
    // Error readers answer "" or words, never throw.
    ConnectWiseErrorWords(body);
    AutotaskErrorWords(body);
    HaloErrorWords(body);
  }
}

TEST(PsaJsonTest, ConnectWiseListIsAnArrayOfTickets) {
  EXPECT_TRUE(ReadConnectWiseTickets("[]").ok());
  EXPECT_FALSE(ReadConnectWiseTickets("{}").ok());
  EXPECT_FALSE(ReadConnectWiseTickets(R"([{"summary":"x"}])").ok());
  EXPECT_THAT(ReadConnectWiseTickets("[5]").status().message(),
              HasSubstr("ConnectWise ticket list"));
}

TEST(PsaJsonTest, ErrorWordsIgnoreMembersOfTheWrongType) {
  EXPECT_EQ(ConnectWiseErrorWords(R"({"message":5,"errors":[7]})"), "");
  EXPECT_EQ(ConnectWiseErrorWords(R"({"errors":[{"message":"m"}]})"), "m");
  EXPECT_EQ(AutotaskErrorWords(R"({"errors":["a",5,"b"]})"), "a; b");
  EXPECT_EQ(AutotaskErrorWords(R"({"errors":"a"})"), "");
  EXPECT_EQ(HaloErrorWords(R"({"message":["x"]})"), "");
}

}  // namespace psa_json_test
}  // namespace cordon::adapters::psa
