// ISO-11 onboarding over real HTTPS: the served token endpoint issues
// JWT-shaped tokens whose `roles` claim is what the tenant's admin consented
// (/_sim/tenant_roles), and CheckM365Access names the permissions a token
// lacks; a token without a roles claim means the app was consented without
// any permission.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/adapters/graph/access_json.h"
#include "server/core/isolation/m365_access.h"
#include "tests/unit/sim_serve/served_graph_fixture.h"

namespace cordon::sim::serve::testing {
namespace served_token_roles_test {

using adapters::http::HttpMethod;
using core::PermissionVerdict;
using ::testing::UnorderedElementsAre;

std::vector<std::string> AllRequired() {
  std::vector<std::string> names;
  for (const core::RequiredPermission& permission :
       core::RequiredM365Permissions()) {
    names.emplace_back(permission.name);
  }
  return names;
}

// The token's JSON payload; null when it is no three-part base64url JWT.
nlohmann::json Payload(const std::string& token) {
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  std::string payload;
  if (parts.size() != 3 || parts[2].empty() ||
      !absl::WebSafeBase64Unescape(parts[1], &payload)) {
    return nullptr;
  }
  return nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
}

class ServedTokenRolesTest : public ServedGraphTest {
 protected:
  int SetRoles(const nlohmann::json& body) {
    return Raw(HttpMethod::kPost, "/_sim/tenant_roles", "", body.dump()).status;
  }

  // A new token of kTenant: the cached one is dropped first.
  std::string FreshToken() {
    tokens_->Invalidate(kTenant, TokenOf(kTenant));
    return TokenOf(kTenant);
  }

  std::map<std::string, PermissionVerdict> Verdicts(const std::string& tenant) {
    const core::M365AccessReport report = graph_->CheckAccess(tenant);
    EXPECT_TRUE(report.reachable) << report.detail;
    std::map<std::string, PermissionVerdict> verdicts;
    for (const core::PermissionCheck& check : report.permissions) {
      verdicts[check.permission] = check.verdict;
    }
    return verdicts;
  }
};

TEST_F(ServedTokenRolesTest, Iso11TokenIsAJwtForGraphWithEveryRoleByDefault) {
  Serve();
  const std::string token = TokenOf(kTenant);
  const nlohmann::json claims = Payload(token);
  ASSERT_TRUE(claims.is_object()) << "not a JWT";
  EXPECT_EQ(claims.value("aud", ""), "https://graph.microsoft.com");
  EXPECT_EQ(claims.value("tid", ""), kTenant);
  EXPECT_EQ(claims.value("appid", ""), kClientId);
  EXPECT_EQ(claims.value("exp", int64_t{0}) - claims.value("iat", int64_t{0}),
            3600);
  ASSERT_TRUE(claims.contains("roles") && claims["roles"].is_array());
  EXPECT_EQ(claims["roles"].get<std::vector<std::string>>(), AllRequired());
  EXPECT_EQ(adapters::graph::RolesFromAccessToken(token), AllRequired());
  // Distinct tokens, each accepted by Graph.
  EXPECT_NE(FreshToken(), token);
  EXPECT_EQ(Raw(HttpMethod::kGet, "/v1.0/domains", token).status, 200);
}

// The issue: a token without a roles claim means the app was consented
// without permissions. What no probe proves granted is named MISSING.
TEST_F(ServedTokenRolesTest,
       Iso11TokenWithoutRolesClaimNamesMissingPermissions) {
  Serve();
  ASSERT_EQ(SetRoles({{"tenant", kTenant}, {"no_roles_claim", true}}), 200);
  const nlohmann::json claims = Payload(TokenOf(kTenant));
  ASSERT_TRUE(claims.is_object());
  EXPECT_FALSE(claims.contains("roles"));

  std::map<std::string, PermissionVerdict> verdicts = Verdicts(kTenant);
  std::vector<std::string> missing;
  for (const auto& [permission, verdict] : verdicts) {
    if (verdict == PermissionVerdict::kMissing) missing.push_back(permission);
  }
  EXPECT_THAT(missing, UnorderedElementsAre("User.RevokeSessions.All",
                                            "User.EnableDisableAccount.All",
                                            "MailboxSettings.ReadWrite"));
  // The served Graph does not enforce roles: its answered probes prove these.
  EXPECT_EQ(verdicts["Domain.Read.All"], PermissionVerdict::kOk);
  EXPECT_EQ(verdicts["User.Read.All"], PermissionVerdict::kOk);
}

TEST_F(ServedTokenRolesTest, Iso11RolesLackingOnePermissionNameIt) {
  Serve();
  ASSERT_EQ(SetRoles({{"tenant", kTenant},
                      {"roles",
                       {"User.RevokeSessions.All", "User.Read.All",
                        "MailboxSettings.ReadWrite", "Domain.Read.All"}}}),
            200);
  std::map<std::string, PermissionVerdict> verdicts = Verdicts(kTenant);
  EXPECT_EQ(verdicts["User.EnableDisableAccount.All"],
            PermissionVerdict::kMissing);
  EXPECT_EQ(verdicts["User.RevokeSessions.All"], PermissionVerdict::kOk);
  EXPECT_EQ(verdicts["MailboxSettings.ReadWrite"], PermissionVerdict::kOk);
  // The other tenant still consented everything.
  for (const auto& [permission, verdict] : Verdicts(kOtherTenant)) {
    EXPECT_EQ(verdict, PermissionVerdict::kOk) << permission;
  }
}

// Tokens issued before the change keep their roles (as Entra's do); the
// knob without roles restores every permission for the next token.
TEST_F(ServedTokenRolesTest, Iso11RolesChangeOnlyTheNextTokens) {
  Serve();
  const std::string before = TokenOf(kTenant);
  ASSERT_EQ(SetRoles({{"tenant", kTenant}, {"roles", nlohmann::json::array()}}),
            200);
  EXPECT_EQ(adapters::graph::RolesFromAccessToken(before), AllRequired());
  EXPECT_EQ(adapters::graph::RolesFromAccessToken(FreshToken()),
            std::vector<std::string>());
  ASSERT_EQ(SetRoles({{"tenant", kTenant}}), 200);
  EXPECT_EQ(adapters::graph::RolesFromAccessToken(FreshToken()), AllRequired());
}

TEST_F(ServedTokenRolesTest, BadRolesBodiesChangeNothing) {
  Serve();
  EXPECT_EQ(SetRoles({{"tenant", kTenant},
                      {"roles", {"User.Read.All"}},
                      {"no_roles_claim", true}}),
            400);
  EXPECT_EQ(SetRoles({{"tenant", kTenant}, {"roles", "User.Read.All"}}), 400);
  EXPECT_EQ(SetRoles({{"roles", {"User.Read.All"}}}), 400);
  EXPECT_EQ(SetRoles({{"tenant", "no-such-tenant"}, {"roles", {"x"}}}), 404);
  EXPECT_EQ(adapters::graph::RolesFromAccessToken(TokenOf(kTenant)),
            AllRequired());
}

}  // namespace served_token_roles_test
}  // namespace cordon::sim::serve::testing
