// grpc.health.v1 per service (DESIGN, API conventions; issue 8 defect 9):
// every cordon.v1 service answers SERVING by name, as the overall status
// does, and turns NOT_SERVING when the server shuts down.

#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cordon/v1/access_rule.grpc.pb.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/api_key.grpc.pb.h"
#include "cordon/v1/audit.grpc.pb.h"
#include "cordon/v1/escalation.grpc.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/incident.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"
#include "cordon/v1/telemetry.grpc.pb.h"
#include "cordon/v1/user.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "server/api/server.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace health_test {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// Every service of the public API (protos/cordon/v1).
const char* const kServices[] = {
    v1::AccessRuleService::service_full_name(),
    v1::AccountService::service_full_name(),
    v1::ApiKeyService::service_full_name(),
    v1::AuditService::service_full_name(),
    v1::EscalationService::service_full_name(),
    v1::IdentityService::service_full_name(),
    v1::IncidentService::service_full_name(),
    v1::OrganizationService::service_full_name(),
    v1::TelemetryService::service_full_name(),
    v1::UserService::service_full_name(),
};

grpc::Status Check(Health::Stub& health, const std::string& service,
                   HealthCheckResponse* response) {
  grpc::ClientContext context;
  HealthCheckRequest request;
  request.set_service(service);
  return health.Check(&context, request, response);
}

TEST(HealthTest, EveryCordonServiceIsServingByName) {
  testing::TestServer server;
  std::unique_ptr<Health::Stub> health = Health::NewStub(server.channel());
  HealthCheckResponse overall;
  ASSERT_TRUE(Check(*health, "", &overall).ok());
  EXPECT_EQ(overall.status(), HealthCheckResponse::SERVING);
  for (const char* service : kServices) {
    HealthCheckResponse response;
    grpc::Status status = Check(*health, service, &response);
    ASSERT_TRUE(status.ok()) << service << ": " << status.error_code() << " "
                             << status.error_message();
    EXPECT_EQ(response.status(), HealthCheckResponse::SERVING) << service;
  }
  // A name the server does not serve is still unknown.
  HealthCheckResponse response;
  EXPECT_EQ(Check(*health, "cordon.v1.NoSuchService", &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST(HealthTest, ServicesTurnNotServingOnShutdown) {
  testing::TestServer server;
  // A second server over the same engine, so this test can shut it down.
  api::ServerOptions options;
  options.listen = "127.0.0.1:0";
  absl::StatusOr<std::unique_ptr<api::Server>> own =
      api::Server::Start(&server.engine(), options);
  ASSERT_TRUE(own.ok()) << own.status();
  std::unique_ptr<Health::Stub> health = Health::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*own)->port()),
                          grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  HealthCheckRequest request;
  request.set_service(v1::IdentityService::service_full_name());
  std::unique_ptr<grpc::ClientReader<HealthCheckResponse>> watch =
      health->Watch(&context, request);
  HealthCheckResponse update;
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::SERVING);

  // The open watch keeps the shutdown waiting until this test cancels it,
  // after it has seen the change (the grace only bounds a failing run).
  std::thread shutdown([&] { (*own)->Shutdown(absl::Seconds(10)); });
  EXPECT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::NOT_SERVING);
  context.TryCancel();
  watch->Finish().IgnoreError();
  shutdown.join();
}

}  // namespace health_test
}  // namespace cordon
