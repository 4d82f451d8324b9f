// CheckM365Access over HTTPS (ISO-3, ISO-11): the token's roles claim and
// the read calls decide each permission's verdict.

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/adapters/graph/access_json.h"
#include "tests/unit/adapters/graph/rest_graph_fixture.h"

namespace cordon::adapters::graph::testing {
namespace rest_graph_access_test {

// An unsigned-looking JWT with `claims` as its payload.
std::string Jwt(const std::string& claims) {
  return absl::StrCat(absl::WebSafeBase64Escape(R"({"alg":"RS256"})"), ".",
                      absl::WebSafeBase64Escape(claims), ".c2ln");
}

std::vector<std::string> Verdicts(const core::M365AccessReport& report) {
  std::vector<std::string> verdicts;
  for (const core::PermissionCheck& check : report.permissions) {
    verdicts.push_back(absl::StrCat(
        check.permission, "=", core::PermissionVerdictName(check.verdict)));
  }
  return verdicts;
}

TEST(AccessJsonTest, Iso3RolesFromAccessToken) {
  using Roles = absl::optional<std::vector<std::string>>;
  EXPECT_EQ(RolesFromAccessToken(Jwt(R"({"roles":["User.Read.All"]})")),
            Roles({"User.Read.All"}));
  // Consented without permissions: a JWT without roles.
  EXPECT_EQ(RolesFromAccessToken(Jwt(R"({"aud":"graph"})")),
            Roles(std::vector<std::string>{}));
  EXPECT_EQ(RolesFromAccessToken("opaque-token"), absl::nullopt);
  EXPECT_EQ(RolesFromAccessToken("a.!!!.c"), absl::nullopt);
  EXPECT_EQ(RolesFromAccessToken(Jwt("not json")), absl::nullopt);
  EXPECT_EQ(RolesFromAccessToken(Jwt(R"({"roles":"User.Read.All"})")),
            absl::nullopt);
  EXPECT_EQ(RolesFromAccessToken(Jwt(R"({"roles":[1]})")), absl::nullopt);
}

TEST(AccessJsonTest, Iso3FirstUserPrincipalName) {
  EXPECT_EQ(
      *ParseFirstUserPrincipalName(
          R"({"value":[{"id":"1","userPrincipalName":"a@contoso.com"}]})"),
      "a@contoso.com");
  EXPECT_EQ(*ParseFirstUserPrincipalName(R"({"value":[]})"), "");
  EXPECT_FALSE(ParseFirstUserPrincipalName(R"({"value":[{"id":"1"}]})").ok());
  EXPECT_FALSE(ParseFirstUserPrincipalName("[").ok());
}

class RestGraphAccessTest : public RestGraphTest {
 protected:
  void ServeReads() {
    ServeFile("GET", "/v1.0/domains", 200, "domains.json");
    Serve(
        "GET", "/v1.0/users", 200,
        R"({"value":[{"id":"1","userPrincipalName":")" + user_.upn + R"("}]})");
  }
};

TEST_F(RestGraphAccessTest, Iso3RolesNameTheMissingPermissions) {
  tokens_.SetAccessToken(Jwt(
      R"({"roles":["User.RevokeSessions.All","User.Read.All","Domain.Read.All"]})"));
  ServeReads();
  ServeFile("GET", user_path_ + "/mailFolders/inbox/messageRules", 200,
            "message_rules.json");
  const core::M365AccessReport report = graph_->CheckAccess("tenant-1");
  EXPECT_TRUE(report.reachable);
  EXPECT_EQ(Verdicts(report),
            (std::vector<std::string>{
                "User.RevokeSessions.All=OK",
                "User.EnableDisableAccount.All=MISSING", "User.Read.All=OK",
                "MailboxSettings.ReadWrite=MISSING", "Domain.Read.All=OK"}));
  // The user the users read named is the mailbox tried.
  bool rules_read = false;
  for (const auto& request : Requests()) {
    rules_read |=
        request.path == user_path_ + "/mailFolders/inbox/messageRules";
  }
  EXPECT_TRUE(rules_read);
}

TEST_F(RestGraphAccessTest, Iso3TokenWithoutRolesMeansNoPermissions) {
  tokens_.SetAccessToken(Jwt(R"({"aud":"https://graph.microsoft.com"})"));
  ServeFile("GET", "/v1.0/domains", 403, "graph_error_forbidden.json");
  ServeFile("GET", "/v1.0/users", 403, "graph_error_forbidden.json");
  const core::M365AccessReport report = graph_->CheckAccess("tenant-1");
  EXPECT_TRUE(report.reachable);
  for (const core::PermissionCheck& check : report.permissions) {
    EXPECT_EQ(core::PermissionVerdictName(check.verdict), "MISSING")
        << check.permission;
  }
  EXPECT_EQ(report.permissions[2].graph_code, "Authorization_RequestDenied");
  EXPECT_EQ(report.permissions[2].http_status, 403);
}

TEST_F(RestGraphAccessTest, Iso3OpaqueTokenJudgedByCallsOnly) {
  tokens_.SetAccessToken("opaque");
  ServeReads();
  ServeFile("GET", user_path_ + "/mailFolders/inbox/messageRules", 403,
            "graph_error_forbidden.json");
  const core::M365AccessReport report = graph_->CheckAccess("tenant-1");
  EXPECT_EQ(Verdicts(report),
            (std::vector<std::string>{
                "User.RevokeSessions.All=UNKNOWN",
                "User.EnableDisableAccount.All=UNKNOWN", "User.Read.All=OK",
                "MailboxSettings.ReadWrite=MISSING", "Domain.Read.All=OK"}));
}

TEST_F(RestGraphAccessTest, Iso11TokenFailureReportsAadstsAndCallsNothing) {
  TokenResult failure;
  failure.failure.http_status = 400;
  failure.failure.aadsts_code = "AADSTS700016";
  failure.detail = "application not found in the tenant";
  tokens_.Fail(failure);
  const core::M365AccessReport report = graph_->CheckAccess("tenant-1");
  EXPECT_FALSE(report.reachable);
  EXPECT_EQ(report.aadsts_code, "AADSTS700016");
  EXPECT_EQ(report.token_http_status, 400);
  EXPECT_EQ(report.detail, "application not found in the tenant");
  EXPECT_EQ(report.permissions.size(), core::RequiredM365Permissions().size());
  EXPECT_TRUE(Requests().empty());
}

}  // namespace rest_graph_access_test
}  // namespace cordon::adapters::graph::testing
