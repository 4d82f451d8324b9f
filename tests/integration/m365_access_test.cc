// CheckM365Access over a real loopback channel against the simulated
// Microsoft 365 (ISO-3, ISO-11; docs/m365-setup.md).

#include <string>

#include "gtest/gtest.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace m365_access_test {

using v1::CheckM365AccessResponse;
using v1::M365PermissionCheck;

constexpr char kTenant[] = "11111111-2222-3333-4444-555555555555";

class M365AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("Own MSP");
    ASSERT_TRUE(server_.world()
                    .AddTenant({.tenant_id = kTenant,
                                .verified_domains = {"contoso.com"}})
                    .ok());
  }

  grpc::Status Check(const std::string& organization,
                     CheckM365AccessResponse* out) {
    v1::CheckM365AccessRequest request;
    request.set_name(organization);
    return api_.organizations().CheckM365Access(api_.Soc().get(), request, out);
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_;
};

TEST_F(M365AccessTest, Iso3ReachableTenantListsEveryPermissionOk) {
  const std::string organization =
      api_.CreateOrganization(account_, "Contoso", kTenant);
  CheckM365AccessResponse response;
  ASSERT_TRUE(Check(organization, &response).ok());
  EXPECT_TRUE(response.graph_configured());
  EXPECT_TRUE(response.reachable());
  EXPECT_EQ(response.m365_tenant_id(), kTenant);
  EXPECT_EQ(response.aadsts_code(), "");
  ASSERT_EQ(response.permissions_size(), 5);
  for (const M365PermissionCheck& check : response.permissions()) {
    EXPECT_EQ(check.verdict(), M365PermissionCheck::OK) << check.permission();
    EXPECT_FALSE(check.purpose().empty()) << check.permission();
  }
  // GET /domains exercised Domain.Read.All.
  EXPECT_EQ(response.permissions(4).permission(), "Domain.Read.All");
  EXPECT_EQ(response.permissions(4).http_status(), 200);
}

TEST_F(M365AccessTest, Iso11UnknownTenantExplainsTheAadstsCode) {
  const std::string organization = api_.CreateOrganization(
      account_, "Fabrikam", "99999999-0000-0000-0000-000000000000");
  CheckM365AccessResponse response;
  ASSERT_TRUE(Check(organization, &response).ok());
  EXPECT_FALSE(response.reachable());
  EXPECT_EQ(response.aadsts_code(), "AADSTS90002");
  EXPECT_NE(response.aadsts_meaning().find("does not exist"),
            std::string::npos);
  EXPECT_FALSE(response.aadsts_remedy().empty());
  for (const M365PermissionCheck& check : response.permissions()) {
    EXPECT_EQ(check.verdict(), M365PermissionCheck::UNKNOWN);
  }
}

TEST_F(M365AccessTest, Iso11ConsentRevokedIsReported) {
  const std::string organization =
      api_.CreateOrganization(account_, "Contoso", kTenant);
  server_.faults().SetTenantAadsts(kTenant, "AADSTS700016");
  CheckM365AccessResponse response;
  ASSERT_TRUE(Check(organization, &response).ok());
  EXPECT_FALSE(response.reachable());
  EXPECT_EQ(response.aadsts_code(), "AADSTS700016");
  EXPECT_NE(response.aadsts_remedy().find("admin consent"), std::string::npos);
}

TEST_F(M365AccessTest, UnboundOrganizationIsFailedPreconditionAndAudited) {
  const std::string organization =
      api_.CreateOrganization(account_, "No tenant");
  CheckM365AccessResponse response;
  const grpc::Status status = Check(organization, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(status), "M365_TENANT_NOT_BOUND");
}

TEST_F(M365AccessTest, TheCheckIsAudited) {
  const std::string organization =
      api_.CreateOrganization(account_, "Contoso", kTenant);
  CheckM365AccessResponse response;
  ASSERT_TRUE(Check(organization, &response).ok());
  v1::ListAuditEventsRequest request;
  request.set_parent(account_);
  request.set_resource(organization);
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(
      api_.audit().ListAuditEvents(api_.Soc().get(), request, &events).ok());
  ASSERT_GE(events.audit_events_size(), 1);
  EXPECT_EQ(events.audit_events(0).summary(),
            std::string("checked Microsoft 365 access to tenant ") + kTenant +
                ": reachable, no permission missing");
}

}  // namespace m365_access_test
}  // namespace cordon
