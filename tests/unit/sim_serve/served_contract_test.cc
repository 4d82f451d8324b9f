// DESIGN rule 6: what the served simulator sends has the shapes of
// tests/contract/graph/ — every body parses with the adapter's parsers, and
// its top-level keys are those of the documented answer.

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "server/adapters/graph/domain_json.h"
#include "server/adapters/graph/graph_error_json.h"
#include "server/adapters/graph/mail_folder_json.h"
#include "server/adapters/graph/message_rule_json.h"
#include "server/adapters/graph/token_json.h"
#include "server/adapters/graph/user_json.h"
#include "tests/unit/sim_serve/served_graph_fixture.h"

namespace cordon::sim::serve::testing {
namespace served_contract_test {

using adapters::http::HttpMethod;
using Keys = std::set<std::string>;

Keys KeysOf(const nlohmann::json& object) {
  Keys keys;
  for (auto it = object.begin(); it != object.end(); ++it)
    keys.insert(it.key());
  return keys;
}

Keys KeysOfBody(const std::string& body) {
  return KeysOf(nlohmann::json::parse(body, nullptr, false));
}

Keys ContractKeys(const std::string& name) {
  std::ifstream in(std::string(CORDON_CONTRACT_DIR) + "/graph/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return KeysOfBody(text.str());
}

std::string TokenForm(const std::string& secret) {
  return "grant_type=client_credentials&client_id=" + std::string(kClientId) +
         "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_secret=" +
         secret;
}

class ServedContractTest : public ServedGraphTest {
 protected:
  void SetUp() override {
    ServedGraphTest::SetUp();
    Serve();
    token_ = TokenOf(kTenant);
  }
  std::string Get(const std::string& path, int want_status = 200) {
    auto response = Raw(HttpMethod::kGet, path, token_);
    EXPECT_EQ(response.status, want_status) << path << ": " << response.body;
    return response.body;
  }
  std::string token_;
};

TEST_F(ServedContractTest, UserHasUserJsonShape) {
  const std::string body = Get("/v1.0/users/megan@contoso.com");
  EXPECT_TRUE(adapters::graph::ParseUser(body).ok());
  EXPECT_EQ(KeysOfBody(body), ContractKeys("user.json"));
}

TEST_F(ServedContractTest, MessageRulesHaveTheListShape) {
  const std::string body =
      Get("/v1.0/users/megan@contoso.com/mailFolders/inbox/messageRules");
  auto page = adapters::graph::ParseMessageRules(body);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->rules.size(), 3u);
  EXPECT_EQ(KeysOfBody(body), ContractKeys("message_rules.json"));
  const auto served = nlohmann::json::parse(body)["value"][0];
  EXPECT_EQ(KeysOf(served),
            (Keys{"id", "displayName", "sequence", "isEnabled", "hasError",
                  "isReadOnly", "conditions", "actions"}));
}

TEST_F(ServedContractTest, DomainsAndFoldersParse) {
  const std::string domains = Get("/v1.0/domains");
  EXPECT_TRUE(adapters::graph::ParseDomains(domains).ok());
  EXPECT_EQ(KeysOfBody(domains), ContractKeys("domains.json"));
  EXPECT_TRUE(adapters::graph::ParseMailFolderId(
                  Get("/v1.0/users/megan@contoso.com/mailFolders/archive"))
                  .ok());
}

TEST_F(ServedContractTest, GraphErrorHasTheErrorShape) {
  const std::string body = Get("/v1.0/users/nobody@contoso.com", 404);
  auto error = adapters::graph::ParseGraphError(body);
  ASSERT_TRUE(error.ok()) << error.status();
  EXPECT_EQ(error->code, "Request_ResourceNotFound");
  const auto served = nlohmann::json::parse(body)["error"];
  EXPECT_EQ(KeysOf(served), (Keys{"code", "message", "innerError"}));
}

TEST_F(ServedContractTest, TokenAnswersHaveTheirShapes) {
  adapters::http::HttpRequest request;
  request.method = HttpMethod::kPost;
  request.url = server_->BaseUrl() + "/" + kTenant + "/oauth2/v2.0/token";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = TokenForm(kSecret);
  auto ok = http_->Send(request);
  EXPECT_TRUE(adapters::graph::ParseTokenResponse(ok.body).ok());
  EXPECT_EQ(KeysOfBody(ok.body), ContractKeys("token_success.json"));
  request.body = TokenForm("wrong");
  auto refused = http_->Send(request);
  EXPECT_EQ(refused.status, 401);
  auto error = adapters::graph::ParseTokenError(refused.body);
  ASSERT_TRUE(error.ok()) << error.status();
  EXPECT_EQ(error->aadsts_code, "AADSTS7000215");
  EXPECT_EQ(error->error, "invalid_client");
  EXPECT_EQ(KeysOfBody(refused.body),
            ContractKeys("token_error_invalid_secret.json"));
}

// The /_sim/ endpoints act in the world; a bad body names its field and
// changes nothing; none of them is in the request log.
TEST_F(ServedContractTest, AdminEndpointsActInTheWorld) {
  const size_t logged = Logged().size();
  auto post = [&](const std::string& path, const std::string& body) {
    return Raw(HttpMethod::kPost, "/_sim/" + path, "", body);
  };
  EXPECT_EQ(post("sign_in", R"({"tenant":")" + std::string(kTenant) +
                                R"(","upn":"megan@contoso.com"})")
                .status,
            200);
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 2);
  auto bad = post("set_account_enabled", R"({"tenant":"x","upn":"y"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("enabled is required"), std::string::npos);
  EXPECT_EQ(post("set_account_enabled",
                 R"({"tenant":")" + std::string(kTenant) +
                     R"(","upn":"megan@contoso.com","enabled":false})")
                .status,
            200);
  EXPECT_EQ(world_.IsDisabledByAdmin(kTenant, kMegan), true);
  EXPECT_EQ(
      post("inbox_rules", R"({"tenant":")" + std::string(kTenant) +
                              R"(","upn":"megan@contoso.com","rule":)"
                              R"({"id":"new","forward_to":["a@b.example"]}})")
          .status,
      200);
  EXPECT_EQ(world_.Rule(kTenant, kMegan, "new")->actions.forward_to.size(), 1u);
  auto bad_rule =
      post("inbox_rules", R"({"tenant":")" + std::string(kTenant) +
                              R"(","upn":"megan@contoso.com","rule":)"
                              R"({"id":"x","move_to_folder":"attic"}})");
  EXPECT_EQ(bad_rule.status, 400);
  EXPECT_NE(bad_rule.body.find("rule.move_to_folder"), std::string::npos);
  EXPECT_FALSE(world_.Rule(kTenant, kMegan, "x").has_value());
  EXPECT_EQ(post("directory_sync", "{}").status, 200);
  EXPECT_EQ(Raw(HttpMethod::kGet, "/_sim/requests", "").status, 200);
  EXPECT_EQ(Logged().size(), logged);
}

}  // namespace served_contract_test
}  // namespace cordon::sim::serve::testing
