// The SDK against a real cordon-server on port 0 (a child process): the
// onboarding flow through the library, and each example program run as a
// user would run it; the WatchEvents* tests follow the server's event
// stream.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cordon/client/client.h"
#include "cordon/client/flows.h"
#include "cordon/client/names.h"
#include "cordon/client/watch.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"
#include "cordon/v1/telemetry.grpc.pb.h"
#include "google/protobuf/util/time_util.h"
#include "testing/temp_dir.h"
#include "tests/process/served_cordon.h"

namespace cordon::client {
namespace examples_test {

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

  // ESC-2: a sign-in from `country`, which the identity's usage location
  // (NL) makes unexpected. IngestSignIns gives it an event_id.
  absl::Status SignInFrom(const std::string& identity,
                          const std::string& country) {
    v1::SignInEvent sign_in;
    sign_in.set_identity(identity);
    sign_in.set_country(country);
    sign_in.set_ip_address("203.0.113.9");
    *sign_in.mutable_time() =
        google::protobuf::util::TimeUtil::GetCurrentTime();
    IngestResult ingested = IngestSignIns(*client_, {sign_in});
    return ingested.failed.empty() ? absl::OkStatus()
                                   : ingested.failed[0].second;
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
  absl::Status recorded = SignInFrom(ann->name(), "RU");
  ASSERT_TRUE(recorded.ok()) << FormatError(recorded);
  std::optional<int> status = example.WaitForExit(Steady::now() + kRunBound);
  ASSERT_TRUE(status.has_value()) << example.output();
  EXPECT_EQ(WEXITSTATUS(*status), 0) << example.output();
  EXPECT_THAT(example.output(), HasSubstr("ESCALATION_OPENED"));
}

// The next escalation event, skipping bookmarks.
absl::StatusOr<v1::Event> NextEscalationEvent(EventWatch& watch) {
  while (true) {
    absl::StatusOr<v1::Event> event =
        watch.Next(absl::Now() + absl::Seconds(30));
    if (!event.ok() || event->type() != v1::Event::BOOKMARK) return event;
  }
}

// The watch resumes across a server restart and misses nothing: an event
// written while it was disconnected arrives once it reconnects with
// after_cursor. Needs WatchEvents.
TEST_F(ServedSdkTest, WatchEventsWatchResumesAcrossAServerRestart) {
  const std::string organization = CreateOrganization();
  auto ann = CreateIdentity(organization, "ann@contoso.com", "");
  ASSERT_TRUE(ann.ok()) << FormatError(ann.status());
  WatchOptions options;
  options.parent = names::Parse(organization)->Ancestor(names::Kind::kAccount);
  options.types = {v1::Event::ESCALATION_OPENED, v1::Event::ESCALATION_JOINED};
  options.deliver_bookmarks = true;
  // Reconnects 5 s after the drop: the restarted server records the next
  // sign-in before that, so only the replay can deliver it.
  options.reconnect.initial_backoff = absl::Seconds(5);
  options.reconnect.jitter = 0;
  EventWatch watch(*client_, options);
  auto live = watch.Next(absl::Now() + absl::Seconds(30));
  ASSERT_TRUE(live.ok()) << FormatError(live.status());
  ASSERT_TRUE(SignInFrom(ann->name(), "RU").ok());
  auto opened = NextEscalationEvent(watch);
  ASSERT_TRUE(opened.ok()) << FormatError(opened.status());

  const int port = server_->port();
  server_->Kill();
  server_ = std::make_unique<CordonServer>(
      directory_.path() + "/data",
      std::vector<std::string>{absl::StrCat("--listen=127.0.0.1:", port)});
  ASSERT_EQ(server_->Start(), "");
  absl::Status recorded = absl::UnavailableError("not tried");
  for (int i = 0; i < 50 && absl::IsUnavailable(recorded); ++i) {
    recorded = SignInFrom(ann->name(), "BR");  // retried while reconnecting
  }
  ASSERT_TRUE(recorded.ok()) << FormatError(recorded);
  EXPECT_EQ(watch.reconnects(), 0) << "recorded after the watch reconnected";
  auto next = NextEscalationEvent(watch);
  ASSERT_TRUE(next.ok()) << FormatError(next.status());
  EXPECT_GT(next->cursor(), opened->cursor());
  EXPECT_EQ(next->account(), options.parent);
  EXPECT_GE(watch.reconnects(), 1);
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

}  // namespace examples_test
}  // namespace cordon::client
