// Storage faults through the real gRPC API (issue 13; DESIGN rule 4): while
// the disk fails syncs or is full, a create is refused with UNAVAILABLE and
// the ErrorInfo reason STORAGE_UNAVAILABLE, reads are served, the outbox
// worker records nothing as done, health reports NOT_SERVING (issue 14), and
// everything works again once the disk does, without a restart.

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "testing/captured_log.h"
#include "testing/fault_file_system.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace disk_fault_test {

using grpc::health::v1::HealthCheckResponse;
using testing::DiskFault;
using ::testing::HasSubstr;
using ::testing::Not;
using v1::IncidentReport;

constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000dd";

class DiskFaultTest : public ::testing::TestWithParam<DiskFault> {
 protected:
  static testing::TestServerOptions WithFaults(
      std::shared_ptr<testing::FaultFileSystem> fs) {
    testing::TestServerOptions options;
    options.file_system = std::move(fs);
    return options;
  }

  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    ASSERT_TRUE(server_.world().AddTenant({kTenant, {"contoso.com"}, ""}).ok());
    org_ = api_.CreateOrganization(account_, "Contoso", kTenant);
    ASSERT_TRUE(
        server_.world().AddUser(kTenant, {.upn = "alice@contoso.com"}).ok());
    alice_ = api_.CreateIdentity(org_, "alice@contoso.com");
    ASSERT_TRUE(server_.world().SignIn(kTenant, "alice@contoso.com").ok());
  }

  grpc::Status CreateOrganization(const std::string& display_name) {
    v1::CreateOrganizationRequest request;
    request.set_parent(account_);
    request.mutable_organization()->set_display_name(display_name);
    v1::Organization created;
    return api_.organizations().CreateOrganization(api_.Soc().get(), request,
                                                   &created);
  }

  // grpc.health.v1's answer for `service` ("" = the server as a whole).
  HealthCheckResponse::ServingStatus HealthOf(const std::string& service) {
    auto health = grpc::health::v1::Health::NewStub(server_.channel());
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    HealthCheckResponse response;
    const grpc::Status status = health->Check(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.status();
  }

  // Sends an isolation-worthy report about alice (ISO-2).
  void SendReport() { ASSERT_NE(api_.SendReport(org_, alice_), ""); }

  std::shared_ptr<testing::FaultFileSystem> fs_ =
      std::make_shared<testing::FaultFileSystem>();
  testing::TestServer server_{WithFaults(fs_)};
  testing::ApiClient api_{&server_};
  std::string account_, org_, alice_;
};

TEST_P(DiskFaultTest, CreateIsUnavailableWithReasonReadsGoOnAndItRecovers) {
  fs_->Set(GetParam());
  grpc::Status refused = CreateOrganization("Fabrikam");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(testing::ReasonOf(refused), "STORAGE_UNAVAILABLE");
  EXPECT_THAT(refused.error_message(), HasSubstr("disk"));
  EXPECT_THAT(refused.error_message(), Not(HasSubstr(server_.data_dir())));
  EXPECT_GT(fs_->refused(), 0);

  // Reads are served from what was acknowledged.
  EXPECT_EQ(api_.GetIdentity(alice_).name(), alice_);
  v1::ListOrganizationsRequest list;
  list.set_parent(account_);
  v1::ListOrganizationsResponse listed;
  ASSERT_TRUE(api_.organizations()
                  .ListOrganizations(api_.Soc().get(), list, &listed)
                  .ok());
  ASSERT_EQ(listed.organizations_size(), 1);  // Contoso, not Fabrikam
  EXPECT_EQ(listed.organizations(0).name(), org_);

  // Issue 14: health follows the store, NOT_SERVING while the disk refuses
  // writes (a readiness probe sends clients elsewhere); a check's resume
  // attempt fails while the disk still refuses, and changes nothing.
  testing::CapturedLog log;
  server_.server().CheckStoreHealth();
  EXPECT_EQ(HealthOf(""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(HealthOf(v1::IdentityService::service_full_name()),
            HealthCheckResponse::NOT_SERVING);
  server_.server().CheckStoreHealth();
  EXPECT_EQ(HealthOf(""), HealthCheckResponse::NOT_SERVING);
  EXPECT_TRUE(server_.database().RefusingWrites());

  // Once the disk takes writes, the next check resumes the store by itself
  // (no write has to come first) and health is SERVING again.
  fs_->Set(DiskFault::kNone);
  server_.server().CheckStoreHealth();
  EXPECT_FALSE(server_.database().RefusingWrites());
  EXPECT_EQ(HealthOf(""), HealthCheckResponse::SERVING);
  EXPECT_EQ(HealthOf(v1::IdentityService::service_full_name()),
            HealthCheckResponse::SERVING);
  const auto changes = log.Events("health");
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0]["serving"], false);
  EXPECT_EQ(changes[1]["serving"], true);
  EXPECT_EQ(log.Events("storage_resumed").size(), 1u);

  grpc::Status accepted = CreateOrganization("Fabrikam");
  EXPECT_TRUE(accepted.ok()) << accepted.error_message();
}

// DESIGN rule 4 for the outbox: an action whose outcome cannot be recorded
// stays queued (ISO-2's isolation is not reported done), and the worker
// finishes it once the disk accepts writes again.
TEST_P(DiskFaultTest, Iso2WorkerMarksNothingDoneWhileTheDiskRefuses) {
  SendReport();
  ASSERT_EQ(api_.GetIdentity(alice_).isolation_state(),
            v1::Identity::ISOLATING);
  fs_->Set(GetParam());
  absl::StatusOr<int> handled = server_.engine().worker().RunUntilIdle();
  EXPECT_FALSE(handled.ok());
  EXPECT_EQ(api_.GetIdentity(alice_).isolation_state(),
            v1::Identity::ISOLATING);

  fs_->Set(DiskFault::kNone);
  handled = server_.engine().worker().RunUntilIdle();
  ASSERT_TRUE(handled.ok()) << handled.status();
  EXPECT_EQ(api_.GetIdentity(alice_).isolation_state(), v1::Identity::ISOLATED);
  EXPECT_EQ(server_.world().IsCloudEnabled(kTenant, "alice@contoso.com"),
            false);
  EXPECT_EQ(server_.world().SessionCount(kTenant, "alice@contoso.com"), 0);
}

INSTANTIATE_TEST_SUITE_P(Faults, DiskFaultTest,
                         ::testing::Values(DiskFault::kSyncFails,
                                           DiskFault::kFull),
                         [](const auto& info) {
                           return info.param == DiskFault::kFull
                                      ? std::string("DiskFull")
                                      : std::string("SyncFails");
                         });

}  // namespace disk_fault_test
}  // namespace cordon
