// DESIGN rule 6: the served PSAs accept the documented requests of
// tests/contract/psa/ and answer with the documented shapes: each live
// answer has the top-level keys of its contract file.

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/unit/sim_serve/served_psa_fixture.h"

namespace cordon::sim::serve::testing {
namespace served_psa_contract_test {

using adapters::http::HttpHeader;
using adapters::http::HttpMethod;
using Keys = std::set<std::string>;

std::string PsaContractPath(const std::string& name) {
  return std::string(CORDON_CONTRACT_DIR) + "/psa/" + name;
}

std::string ReadContract(const std::string& name) {
  std::ifstream in(PsaContractPath(name));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The keys of the object, or of an array's first element.
Keys KeysOf(const std::string& body) {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_array() && !parsed.empty()) parsed = parsed[0];
  Keys keys;
  if (!parsed.is_object()) return keys;
  for (auto it = parsed.begin(); it != parsed.end(); ++it) {
    keys.insert(it.key());
  }
  return keys;
}

class ServedPsaContractTest : public ServedPsaTest {
 protected:
  // Sends `body` to `path` and expects `status` and the keys of `file`.
  void ExpectAnswer(HttpMethod method, const std::string& path,
                    std::vector<HttpHeader> headers, const std::string& body,
                    int status, const std::string& file) {
    SCOPED_TRACE(path + " ~ " + file);
    adapters::http::HttpRequest request;
    request.method = method;
    request.url = server_->BaseUrl() + path;
    request.headers = std::move(headers);
    request.headers.push_back({"Content-Type", "application/json"});
    request.body = body;
    const adapters::http::HttpResponse response = http_->Send(request);
    ASSERT_EQ(response.outcome, adapters::http::TransportOutcome::kOk);
    EXPECT_EQ(response.status, status) << response.body;
    const Keys expected = KeysOf(ReadContract(file));
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(KeysOf(response.body), expected) << response.body;
  }

  std::vector<HttpHeader> ConnectWiseAuth() const {
    const ServedConnectWise cw;
    return {{"Authorization", "Basic " + absl::Base64Escape(absl::StrCat(
                                             cw.company_id, "+", cw.public_key,
                                             ":", cw.private_key))},
            {"clientId", cw.client_id}};
  }
  std::vector<HttpHeader> AutotaskAuth() const {
    const ServedAutotask at;
    return {{"ApiIntegrationCode", at.integration_code},
            {"UserName", at.username},
            {"Secret", at.secret}};
  }
  std::vector<HttpHeader> HaloAuth() {
    const ServedHalo halo;
    adapters::http::HttpRequest request;
    request.method = HttpMethod::kPost;
    request.url = server_->BaseUrl() + "/auth/token?tenant=" + halo.tenant;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    request.body = "grant_type=client_credentials&client_id=" + halo.client_id +
                   "&client_secret=" + halo.client_secret + "&scope=all";
    const std::string body = http_->Send(request).body;
    return {{"Authorization",
             "Bearer " + nlohmann::json::parse(body, nullptr, false)
                             .value("access_token", "")}};
  }
};

TEST_F(ServedPsaContractTest, ManifestListsEveryFile) {
  std::set<std::string> listed;
  const nlohmann::json manifest =
      nlohmann::json::parse(ReadContract("manifest.json"), nullptr, false);
  ASSERT_TRUE(manifest.is_object());
  for (const auto& answer : manifest["answers"]) {
    listed.insert(answer["file"].get<std::string>());
  }
  std::set<std::string> present;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::string(CORDON_CONTRACT_DIR) + "/psa")) {
    const std::string name = entry.path().filename().string();
    if (name != "manifest.json" && name != "README.md") present.insert(name);
  }
  EXPECT_EQ(listed, present);
}

TEST_F(ServedPsaContractTest, ConnectWiseAnswersHaveTheDocumentedShapes) {
  const std::string api = "/v2025_1/apis/3.0";
  ExpectAnswer(HttpMethod::kGet, "/login/companyinfo/contoso", {}, "", 200,
               "connectwise_companyinfo.json");
  ExpectAnswer(HttpMethod::kPost, api + "/service/tickets", ConnectWiseAuth(),
               ReadContract("connectwise_ticket_request.json"), 201,
               "connectwise_ticket.json");
  ExpectAnswer(HttpMethod::kGet,
               api +
                   "/service/tickets?conditions=summary%20contains%20%22"
                   "Cordon%3Aaccounts%2F3%2Fescalations%2F5%22",
               ConnectWiseAuth(), "", 200, "connectwise_tickets.json");
  ExpectAnswer(HttpMethod::kPost, api + "/service/tickets/48213/notes",
               ConnectWiseAuth(), ReadContract("connectwise_note_request.json"),
               201, "connectwise_note.json");
  ExpectAnswer(HttpMethod::kGet, api + "/service/boards/1", ConnectWiseAuth(),
               "", 200, "connectwise_board.json");
  ExpectAnswer(HttpMethod::kGet, api + "/service/boards/1", {}, "", 401,
               "connectwise_error_unauthorized.json");
  std::string bad_board = ReadContract("connectwise_ticket_request.json");
  bad_board.replace(bad_board.find("\"id\": 1}"), 8, "\"id\": 77}");
  ExpectAnswer(HttpMethod::kPost, api + "/service/tickets", ConnectWiseAuth(),
               bad_board, 400, "connectwise_error_invalid_board.json");
}

TEST_F(ServedPsaContractTest, AutotaskAnswersHaveTheDocumentedShapes) {
  const std::string zone = "/zone3/ATServicesRest/v1.0";
  ExpectAnswer(HttpMethod::kGet,
               "/atservicesrest/v1.0/zoneInformation?user=cordon-api%40"
               "contoso.example",
               {}, "", 200, "autotask_zone.json");
  ExpectAnswer(HttpMethod::kPost, zone + "/Tickets", AutotaskAuth(),
               ReadContract("autotask_ticket_request.json"), 200,
               "autotask_item.json");
  ExpectAnswer(HttpMethod::kPost, zone + "/Tickets/query", AutotaskAuth(),
               ReadContract("autotask_tickets_query_request.json"), 200,
               "autotask_tickets_query.json");
  ExpectAnswer(HttpMethod::kPost, zone + "/Tickets/7716/Notes", AutotaskAuth(),
               ReadContract("autotask_note_request.json"), 200,
               "autotask_item.json");
  ExpectAnswer(HttpMethod::kGet, zone + "/Companies/250", AutotaskAuth(), "",
               200, "autotask_company.json");
  std::string bad_queue = ReadContract("autotask_ticket_request.json");
  bad_queue.replace(bad_queue.find("29683481"), 8, "11111111");
  ExpectAnswer(HttpMethod::kPost, zone + "/Tickets", AutotaskAuth(), bad_queue,
               500, "autotask_error_bad_queue.json");
  SetFault("autotask", PsaFailure::kServerError, "test", 1);
  ExpectAnswer(HttpMethod::kGet, zone + "/Companies/250", AutotaskAuth(), "",
               500, "autotask_error_server.json");
}

TEST_F(ServedPsaContractTest, HaloAnswersHaveTheDocumentedShapes) {
  ExpectAnswer(HttpMethod::kPost, "/auth/token?tenant=contoso",
               {{"Content-Type", "application/x-www-form-urlencoded"}},
               "grant_type=client_credentials&client_id=halo-client-id&"
               "client_secret=halo-client-secret&scope=all",
               200, "halopsa_token.json");
  ExpectAnswer(HttpMethod::kPost, "/auth/token?tenant=contoso", {},
               "grant_type=client_credentials&client_id=halo-client-id&"
               "client_secret=wrong&scope=all",
               401, "halopsa_token_error.json");
  const std::vector<HttpHeader> auth = HaloAuth();
  ExpectAnswer(HttpMethod::kPost, "/api/Tickets", auth,
               ReadContract("halopsa_ticket_request.json"), 201,
               "halopsa_ticket.json");
  ExpectAnswer(HttpMethod::kGet,
               "/api/Tickets?search=Cordon%3Aaccounts%2F3%2Fescalations%2F5",
               auth, "", 200, "halopsa_tickets.json");
  ExpectAnswer(HttpMethod::kPost, "/api/Actions", auth,
               ReadContract("halopsa_action_request.json"), 201,
               "halopsa_action.json");
  ExpectAnswer(HttpMethod::kGet, "/api/Team/2", auth, "", 200,
               "halopsa_team.json");
  ExpectAnswer(HttpMethod::kGet, "/api/Team/99", auth, "", 404,
               "halopsa_error.json");
}

// The /_sim/psa/ knobs refuse what they cannot apply and change nothing.
TEST_F(ServedPsaContractTest, AdminKnobsRefuseBadBodies) {
  auto post = [&](const std::string& path, const std::string& body) {
    adapters::http::HttpRequest request;
    request.method = HttpMethod::kPost;
    request.url = server_->BaseUrl() + path;
    request.headers = {{"Content-Type", "application/json"}};
    request.body = body;
    return http_->Send(request).status;
  };
  EXPECT_EQ(post("/_sim/psa/servicenow/fault", R"({"fault":"timeout"})"), 404);
  EXPECT_EQ(post("/_sim/psa/autotask/fault", R"({"fault":"melt"})"), 400);
  EXPECT_EQ(
      post("/_sim/psa/autotask/fault", R"({"fault":"timeout","times":-1})"),
      400);
  EXPECT_EQ(post("/_sim/psa/autotask/fault", "[]"), 400);
  EXPECT_TRUE(psa_->TestConnection(Connection("AUTOTASK")).http_status == 200);
  EXPECT_EQ(post("/_sim/psa/autotask/fault",
                 R"({"fault":"throttled","operation":"test","times":1})"),
            200);
  EXPECT_EQ(psa_->TestConnection(Connection("AUTOTASK")).http_status, 429);
  EXPECT_EQ(post("/_sim/psa/autotask/fix", "{}"), 200);
}

}  // namespace served_psa_contract_test
}  // namespace cordon::sim::serve::testing
