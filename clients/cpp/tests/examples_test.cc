// The SDK against a real cordon-server on port 0 (a child process): the
// onboarding flow through the library, and each example program run as a
// user would run it. Tests named WatchEvents* need the server's
// EventService (issue 12, branch issue12-events): CMake registers them only
// with -DCORDON_SDK_WATCH_TESTS=ON.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cordon/client/client.h"
#include "cordon/client/flows.h"
#include "cordon/client/names.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"
#include "cordon/v1/telemetry.grpc.pb.h"
#include "google/protobuf/util/time_util.h"
#include "testing/temp_dir.h"
#include "tests/process/served_cordon.h"

namespace cordon::client {
namespace {

using process_testing::ChildProcess;
using process_testing::CordonServer;
using process_testing::Steady;
using ::testing::HasSubstr;

constexpr auto kRunBound = std::chrono::seconds(60);

class ServedSdkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<CordonServer>(directory_.path() + "/data",
                                             std::vector<std::string>{});
    ASSERT_EQ(server_->Start(), "");
    ClientOptions options;
    options.channel.address = address();
    options.channel.plaintext = true;
    options.api_key = server_->key();
    auto client = Client::Connect(options);
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = std::make_unique<Client>(*client);
  }
  std::string address() const {
    return absl::StrCat("127.0.0.1:", server_->port());
  }
  std::string key_file() const {
    return directory_.path() + "/data/bootstrap.key";
  }
  // Runs an example to its end: its exit code and output.
  int Run(std::vector<std::string> argv, std::string* output) {
    ChildProcess example(std::move(argv));
    std::optional<int> status = example.WaitForExit(Steady::now() + kRunBound);
    *output = example.output();
    if (!status.has_value() || !WIFEXITED(*status)) return -1;
    return WEXITSTATUS(*status);
  }
  std::string CreateOrganization() {
    v1::CreateAccountRequest account;
    account.mutable_account()->set_display_name("SDK test MSP");
    auto created =
        client_->Call(&v1::AccountService::Stub::CreateAccount, account);
    if (!created.ok()) return "";
    v1::CreateOrganizationRequest organization;
    organization.set_parent(created->account().name());
    organization.mutable_organization()->set_display_name("Contoso");
    auto org = client_->Call(&v1::OrganizationService::Stub::CreateOrganization,
                             organization);
    return org.ok() ? org->name() : "";
  }
  absl::StatusOr<v1::Identity> CreateIdentity(const std::string& organization,
                                              const std::string& upn,
                                              const std::string& request_id) {
    v1::CreateIdentityRequest request;
    request.set_parent(organization);
    request.set_request_id(request_id);
    request.mutable_identity()->set_upn(upn);
    request.mutable_identity()->set_source(v1::Identity::CLOUD_ONLY);
    request.mutable_identity()->set_usage_location("NL");
    return client_->Call(&v1::IdentityService::Stub::CreateIdentity, request);
  }

  cordon::testing::TempDir directory_;
  std::unique_ptr<CordonServer> server_;
  std::unique_ptr<Client> client_;
};

// The onboarding flow through the SDK against the real server: a repeated
// request_id answers with the first identity, the pager crosses pages,
// a stale etag is ABORTED with its reason, a bad field is decoded.
TEST_F(ServedSdkTest, OnboardFlowAgainstTheRealServer) {
  EXPECT_EQ(client_->Health().value_or("?"), "SERVING");
  const std::string organization = CreateOrganization();
  ASSERT_TRUE(names::Parse(organization, names::Kind::kOrganization).ok())
      << organization;
  auto ann = CreateIdentity(organization, "ann@contoso.com", "id-ann");
  ASSERT_TRUE(ann.ok()) << FormatError(ann.status());
  auto again = CreateIdentity(organization, "ann@contoso.com", "id-ann");
  ASSERT_TRUE(again.ok()) << FormatError(again.status());
  EXPECT_EQ(again->name(), ann->name());
  ASSERT_TRUE(CreateIdentity(organization, "bob@contoso.com", "").ok());
  ASSERT_TRUE(CreateIdentity(organization, "cem@contoso.com", "").ok());

  v1::ListIdentitiesRequest list;
  list.set_parent(organization);
  list.set_page_size(1);
  auto all =
      client_
          ->List<v1::Identity>(&v1::IdentityService::Stub::ListIdentities, list)
          .All();
  ASSERT_TRUE(all.ok()) << FormatError(all.status());
  EXPECT_EQ(all->size(), 3u);

  v1::Identity excluded = *ann;
  excluded.set_excluded_from_isolation(true);
  auto updated = client_->Update(&v1::IdentityService::Stub::UpdateIdentity,
                                 excluded, {"excluded_from_isolation"});
  ASSERT_TRUE(updated.ok()) << FormatError(updated.status());
  EXPECT_TRUE(updated->excluded_from_isolation());
  auto stale = client_->Update(&v1::IdentityService::Stub::UpdateIdentity,
                               excluded, {"excluded_from_isolation"});
  EXPECT_TRUE(absl::IsAborted(stale.status()));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");

  v1::CreateIdentityRequest bad;
  bad.set_parent(organization);
  bad.mutable_identity()->set_upn("dan@contoso.com");
  absl::Status refused =
      client_->Call(&v1::IdentityService::Stub::CreateIdentity, bad).status();
  EXPECT_TRUE(absl::IsInvalidArgument(refused));
  ASSERT_FALSE(BadFields(refused).empty());
  EXPECT_EQ(BadFields(refused)[0].field, "identity.source");
  EXPECT_THAT(FormatError(refused), HasSubstr("field identity.source"));
  EXPECT_THAT(FormatError(refused), ::testing::Not(HasSubstr(server_->key())));
}

TEST_F(ServedSdkTest, OnboardOrganizationExampleRuns) {
  std::string output;
  EXPECT_EQ(Run({CORDON_EXAMPLE_ONBOARD, address(), key_file()}, &output), 0)
      << output;
  EXPECT_THAT(output, HasSubstr("3 identities"));
  EXPECT_THAT(output, HasSubstr("excluded from isolation: yes"));
  EXPECT_THAT(output, HasSubstr("reason ETAG_MISMATCH"));
}

// ESC-2: a sign-in from an unexpected country opens a login escalation,
// which the running example prints. Needs WatchEvents.
TEST_F(ServedSdkTest, WatchEventsWatchEscalationsExampleSeesALoginEscalation) {
  const std::string organization = CreateOrganization();
  auto ann = CreateIdentity(organization, "ann@contoso.com", "");
  ASSERT_TRUE(ann.ok()) << FormatError(ann.status());
  const std::string account =
      names::Parse(organization)->Ancestor(names::Kind::kAccount);
  ChildProcess example(
      {CORDON_EXAMPLE_WATCH, address(), key_file(), account, "1", "50"});
  ASSERT_TRUE(
      example.WaitForLine(std::regex("^watching$"), Steady::now() + kRunBound))
      << example.output();
  v1::SignInEvent sign_in;  // IngestSignIns gives it an event_id
  sign_in.set_identity(ann->name());
  sign_in.set_country("RU");
  sign_in.set_ip_address("203.0.113.9");
  *sign_in.mutable_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  IngestResult ingested = IngestSignIns(*client_, {sign_in});
  ASSERT_EQ(ingested.recorded, 1)
      << (ingested.failed.empty() ? ""
                                  : FormatError(ingested.failed[0].second));
  std::optional<int> status = example.WaitForExit(Steady::now() + kRunBound);
  ASSERT_TRUE(status.has_value()) << example.output();
  EXPECT_EQ(WEXITSTATUS(*status), 0) << example.output();
  EXPECT_THAT(example.output(), HasSubstr("ESCALATION_OPENED"));
}

// ISO-2 end to end: send_and_wait against cordon-sim's tenant returns once
// the identity is ISOLATED. Needs WatchEvents.
TEST(ServedTenantSdkTest, WatchEventsSendAndWaitExampleIsolates) {
  cordon::testing::TempDir directory;
  process_testing::ServedTenant tenant(directory.path(), {});
  ASSERT_EQ(tenant.error(), "");
  CordonServer server(directory.path() + "/data", tenant.ServerFlags());
  ASSERT_EQ(server.Start(), "");
  process_testing::CordonApi api(server.port(), server.key());
  process_testing::Walkthrough walk;
  ASSERT_EQ(process_testing::SetUpWalkthrough(api, tenant, 1, &walk), "");
  ChildProcess example({CORDON_EXAMPLE_SEND_AND_WAIT,
                        absl::StrCat("127.0.0.1:", server.port()),
                        directory.path() + "/data/bootstrap.key",
                        walk.organization, walk.identities[0], "40"});
  std::optional<int> status = example.WaitForExit(Steady::now() + kRunBound);
  ASSERT_TRUE(status.has_value()) << example.output();
  EXPECT_EQ(WEXITSTATUS(*status), 0) << example.output();
  EXPECT_THAT(example.output(), HasSubstr(walk.identities[0] + " ISOLATED"));
}

}  // namespace
}  // namespace cordon::client
