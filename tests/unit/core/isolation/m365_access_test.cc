// CheckM365Access (ISO-3, ISO-11): verdicts on the application permissions
// Cordon needs, from the token's roles and the read calls' answers.

#include "server/core/isolation/m365_access.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace cordon::core {
namespace m365_access_test {

using Roles = absl::optional<std::vector<std::string>>;

const RequiredPermission& Permission(absl::string_view name) {
  for (const RequiredPermission& permission : RequiredM365Permissions()) {
    if (permission.name == name) return permission;
  }
  ADD_FAILURE() << "not a required permission: " << name;
  return RequiredM365Permissions().front();
}

PermissionProbe Probe(std::string permission, int status,
                      std::string code = "") {
  PermissionProbe probe;
  probe.permission = std::move(permission);
  probe.outcome.http_status = status;
  probe.outcome.error_code = std::move(code);
  return probe;
}

struct Case {
  const char* name;
  const char* permission;
  Roles roles;
  absl::optional<int> probe_status;
  PermissionVerdict expected;
};

TEST(M365AccessTest, Iso3VerdictTable) {
  const std::vector<Case> cases = {
      {"probe 200 wins over roles", "Domain.Read.All", Roles({}), 200,
       PermissionVerdict::kOk},
      {"probe 403 wins over roles", "Domain.Read.All",
       Roles({"Domain.Read.All"}), 403, PermissionVerdict::kMissing},
      {"probe 403 without roles", "User.Read.All", absl::nullopt, 403,
       PermissionVerdict::kMissing},
      {"granted role", "User.RevokeSessions.All",
       Roles({"User.RevokeSessions.All"}), absl::nullopt,
       PermissionVerdict::kOk},
      {"broader role grants it", "User.EnableDisableAccount.All",
       Roles({"User.ReadWrite.All"}), absl::nullopt, PermissionVerdict::kOk},
      {"Directory.Read.All grants domain reads", "Domain.Read.All",
       Roles({"Directory.Read.All"}), absl::nullopt, PermissionVerdict::kOk},
      {"read role does not grant a write", "User.EnableDisableAccount.All",
       Roles({"User.Read.All", "Directory.Read.All"}), absl::nullopt,
       PermissionVerdict::kMissing},
      {"consented without permissions: no roles", "MailboxSettings.ReadWrite",
       Roles(std::vector<std::string>{}), absl::nullopt,
       PermissionVerdict::kMissing},
      {"404 says nothing, roles decide", "MailboxSettings.ReadWrite",
       Roles({"MailboxSettings.ReadWrite"}), 404, PermissionVerdict::kOk},
      {"503 and opaque token: unknown", "User.Read.All", absl::nullopt, 503,
       PermissionVerdict::kUnknown},
      {"nothing known", "Domain.Read.All", absl::nullopt, absl::nullopt,
       PermissionVerdict::kUnknown},
      {"case matters in role names", "Domain.Read.All",
       Roles({"domain.read.all"}), absl::nullopt, PermissionVerdict::kMissing},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    PermissionProbe probe;
    if (c.probe_status) probe = Probe(c.permission, *c.probe_status);
    const PermissionCheck check = JudgePermission(
        Permission(c.permission), c.roles, c.probe_status ? &probe : nullptr);
    EXPECT_EQ(check.permission, c.permission);
    EXPECT_EQ(PermissionVerdictName(check.verdict),
              PermissionVerdictName(c.expected));
    EXPECT_EQ(check.http_status, c.probe_status.value_or(0));
  }
}

TEST(M365AccessTest, Iso3ReadStandingInForAWriteProvesOnlyAbsence) {
  PermissionProbe probe = Probe("MailboxSettings.ReadWrite", 200);
  probe.success_proves_grant = false;
  const RequiredPermission& permission =
      Permission("MailboxSettings.ReadWrite");
  EXPECT_EQ(JudgePermission(permission, absl::nullopt, &probe).verdict,
            PermissionVerdict::kUnknown);
  EXPECT_EQ(JudgePermission(permission, Roles({"MailboxSettings.Read"}), &probe)
                .verdict,
            PermissionVerdict::kMissing);
  probe.outcome.http_status = 403;
  EXPECT_EQ(JudgePermission(permission, absl::nullopt, &probe).verdict,
            PermissionVerdict::kMissing);
}

TEST(M365AccessTest, Iso3EveryRequiredPermissionListedOnceInOrder) {
  std::vector<PermissionProbe> probes = {
      Probe("User.Read.All", 403, "Authorization_RequestDenied"),
      Probe("Domain.Read.All", 200)};
  const std::vector<PermissionCheck> checks =
      JudgePermissions(Roles({"User.RevokeSessions.All"}), probes);
  std::vector<std::string> names;
  std::vector<std::string> verdicts;
  for (const PermissionCheck& check : checks) {
    names.push_back(check.permission);
    verdicts.emplace_back(PermissionVerdictName(check.verdict));
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "User.RevokeSessions.All",
                       "User.EnableDisableAccount.All", "User.Read.All",
                       "MailboxSettings.ReadWrite", "Domain.Read.All"}));
  EXPECT_EQ(verdicts, (std::vector<std::string>{"OK", "MISSING", "MISSING",
                                                "MISSING", "OK"}));
  EXPECT_EQ(checks[2].graph_code, "Authorization_RequestDenied");
  EXPECT_EQ(checks[2].http_status, 403);
}

}  // namespace m365_access_test
}  // namespace cordon::core
