// TelemetryService.RecordEndpointStatus over a real loopback channel (ESC-2
// SYSTEM_HEALTH_DEFENDER_RTP_DISABLED and HOST_ISOLATION_ORG_WIDE, ESC-7,
// TEN-1): bad input names the field and records nothing, only SERVICE and
// SOC_ANALYST keys may record, the escalations show in ListEscalations, the
// 2-hour timer runs through the outbox worker, and the org-wide isolation
// threshold is an account setting.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/telemetry.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace endpoint_status_test {

using v1::EndpointStatusEvent;
using v1::Escalation;

class EndpointStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    org_ = api_.CreateOrganization(account_, "Contoso");
    start_ = server_.clock().Now();
  }

  EndpointStatusEvent Status(const std::string& endpoint, absl::Time time,
                             bool rtp_on, bool isolated = false) {
    EndpointStatusEvent event;
    event.set_event_id(absl::StrCat("status-", ++events_));
    event.set_organization(org_);
    event.set_endpoint_id(endpoint);
    event.set_hostname(absl::StrCat(endpoint, ".contoso.local"));
    event.set_managed_antivirus_mode(EndpointStatusEvent::ENFORCE);
    event.set_realtime_protection_enabled(rtp_on);
    event.set_network_isolated(isolated);
    *event.mutable_time() = engine::ToTimestamp(time);
    return event;
  }
  grpc::Status Record(const EndpointStatusEvent& event,
                      v1::RecordEndpointStatusResponse* out = nullptr,
                      const std::string& token = "") {
    v1::RecordEndpointStatusRequest request;
    *request.mutable_status() = event;
    v1::RecordEndpointStatusResponse ignored;
    return api_.telemetry().RecordEndpointStatus(
        testing::TestServer::Context(token.empty() ? server_.bootstrap_token()
                                                   : token)
            .get(),
        request, out != nullptr ? out : &ignored);
  }
  void MustRecord(const EndpointStatusEvent& event) {
    v1::RecordEndpointStatusResponse response;
    grpc::Status status = Record(event, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_FALSE(response.duplicate());
  }

  std::vector<Escalation> List(const std::string& filter = "") {
    v1::ListEscalationsRequest request;
    request.set_parent(account_);
    request.set_filter(filter);
    v1::ListEscalationsResponse response;
    grpc::Status status = api_.escalations().ListEscalations(
        api_.Soc().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.escalations().begin(), response.escalations().end()};
  }
  std::vector<Escalation> Rtp() {
    return List("type = SYSTEM_HEALTH_DEFENDER_RTP_DISABLED");
  }
  void RunWorker() {
    auto handled = server_.engine().worker().RunUntilIdle();
    ASSERT_TRUE(handled.ok()) << handled.status();
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_, org_;
  absl::Time start_;
  int events_ = 0;
};

TEST_F(EndpointStatusTest,
       Esc2RtpOffMoreThanTwoHoursIsListedAndResolvesItself) {
  MustRecord(Status("ws-1", start_, /*rtp_on=*/false));
  server_.clock().Advance(absl::Minutes(119));
  RunWorker();
  EXPECT_TRUE(Rtp().empty());

  server_.clock().Advance(absl::Minutes(2));  // 2 h 1 min
  RunWorker();
  std::vector<Escalation> listed = Rtp();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].severity(), v1::HIGH);
  EXPECT_EQ(listed[0].subject(), "endpoint:ws-1");
  EXPECT_EQ(listed[0].organization(), org_);
  ASSERT_EQ(listed[0].events_size(), 1);
  EXPECT_EQ(listed[0].events(0).subject(),
            "ws-1.contoso.local (endpoint ws-1)");

  MustRecord(Status("ws-1", server_.clock().Now(), /*rtp_on=*/true));
  listed = Rtp();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].status(), Escalation::RESOLVED);
  EXPECT_EQ(listed[0].resolution(), Escalation::AUTOMATIC);
}

TEST_F(EndpointStatusTest, Esc2TwoEndpointsIsolatedRaiseOneCriticalEscalation) {
  MustRecord(Status("ws-1", start_, true, /*isolated=*/true));
  MustRecord(Status("ws-2", start_ + absl::Minutes(1), true, true));
  server_.clock().Advance(absl::Hours(2));
  MustRecord(Status("ws-3", server_.clock().Now(), true, true));

  std::vector<Escalation> listed = List("type = HOST_ISOLATION_ORG_WIDE");
  ASSERT_EQ(listed.size(), 1u);  // ESC-7: ws-3 joined
  EXPECT_EQ(listed[0].severity(), v1::CRITICAL);
  EXPECT_EQ(listed[0].subject(), "org-wide-isolation");
  EXPECT_EQ(listed[0].events_size(), 3);
}

TEST_F(EndpointStatusTest, Esc2HostIsolationThresholdIsAnAccountSetting) {
  v1::GetAccountRequest get;
  get.set_name(account_);
  v1::Account account;
  ASSERT_TRUE(api_.accounts().GetAccount(api_.Soc().get(), get, &account).ok());
  // The defaults in force show on read.
  EXPECT_EQ(account.settings().host_isolation().threshold(), 2);
  EXPECT_EQ(account.settings().host_isolation().window().seconds(), 3600);

  v1::UpdateAccountRequest update;
  update.mutable_account()->set_name(account_);
  update.mutable_account()
      ->mutable_settings()
      ->mutable_host_isolation()
      ->set_threshold(3);
  update.mutable_update_mask()->add_paths("settings.host_isolation");
  v1::AccountChange change;
  grpc::Status status =
      api_.accounts().UpdateAccount(api_.Soc().get(), update, &change);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(change.account().settings().host_isolation().threshold(), 3);
  EXPECT_EQ(change.account().settings().host_isolation().window().seconds(),
            3600);

  MustRecord(Status("ws-1", start_, true, true));
  MustRecord(Status("ws-2", start_, true, true));
  EXPECT_TRUE(List("type = HOST_ISOLATION_ORG_WIDE").empty());
  MustRecord(Status("ws-3", start_, true, true));
  EXPECT_EQ(List("type = HOST_ISOLATION_ORG_WIDE").size(), 1u);
}

TEST_F(EndpointStatusTest, BadHostIsolationSettingsNameTheField) {
  struct Case {
    int threshold;
    absl::Duration window;
    std::string field;
  };
  const std::vector<Case> cases = {
      {1, absl::Hours(1), "account.settings.host_isolation.threshold"},
      {-2, absl::Hours(1), "account.settings.host_isolation.threshold"},
      {10001, absl::Hours(1), "account.settings.host_isolation.threshold"},
      {2, -absl::Seconds(1), "account.settings.host_isolation.window"},
      {2, absl::Hours(7 * 24 + 1), "account.settings.host_isolation.window"},
  };
  for (const Case& c : cases) {
    v1::UpdateAccountRequest update;
    update.mutable_account()->set_name(account_);
    v1::HostIsolationSettings* settings =
        update.mutable_account()->mutable_settings()->mutable_host_isolation();
    settings->set_threshold(c.threshold);
    *settings->mutable_window() =
        google::protobuf::util::TimeUtil::NanosecondsToDuration(
            absl::ToInt64Nanoseconds(c.window));
    update.mutable_update_mask()->add_paths("settings.host_isolation");
    v1::AccountChange change;
    grpc::Status status =
        api_.accounts().UpdateAccount(api_.Soc().get(), update, &change);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.field;
    EXPECT_EQ(testing::BadFieldOf(status), c.field);
  }
  // A new account with bad settings is refused the same way.
  v1::CreateAccountRequest create;
  create.mutable_account()->set_display_name("Other MSP");
  create.mutable_account()
      ->mutable_settings()
      ->mutable_host_isolation()
      ->set_threshold(1);
  v1::AccountChange change;
  grpc::Status status =
      api_.accounts().CreateAccount(api_.Soc().get(), create, &change);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status),
            "account.settings.host_isolation.threshold");
}

TEST_F(EndpointStatusTest, BadInputNamesTheFieldAndRecordsNothing) {
  struct Case {
    std::function<void(EndpointStatusEvent*)> mutate;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](EndpointStatusEvent* e) { e->set_organization("accounts/1"); },
       "status.organization"},
      {[](EndpointStatusEvent* e) { e->set_event_id(""); }, "status.event_id"},
      {[](EndpointStatusEvent* e) { e->set_event_id(std::string(129, 'x')); },
       "status.event_id"},
      {[](EndpointStatusEvent* e) { e->set_event_id("tab\there"); },
       "status.event_id"},
      {[](EndpointStatusEvent* e) { e->set_endpoint_id(""); },
       "status.endpoint_id"},
      {[](EndpointStatusEvent* e) {
         e->set_endpoint_id(std::string(129, 'e'));
       },
       "status.endpoint_id"},
      {[](EndpointStatusEvent* e) { e->set_endpoint_id("ws\n1"); },
       "status.endpoint_id"},
      {[](EndpointStatusEvent* e) { e->set_hostname(std::string(254, 'h')); },
       "status.hostname"},
      {[](EndpointStatusEvent* e) {
         e->set_managed_antivirus_mode(
             EndpointStatusEvent::ANTIVIRUS_MODE_UNSPECIFIED);
       },
       "status.managed_antivirus_mode"},
      {[](EndpointStatusEvent* e) { e->clear_time(); }, "status.time"},
      {[](EndpointStatusEvent* e) { e->mutable_time()->set_nanos(-1); },
       "status.time"},
      {[this](EndpointStatusEvent* e) {
         *e->mutable_time() =
             engine::ToTimestamp(server_.clock().Now() + absl::Hours(1));
       },
       "status.time"},
  };
  for (const Case& c : cases) {
    EndpointStatusEvent event = Status("ws-1", start_, /*rtp_on=*/false);
    c.mutate(&event);
    grpc::Status status = Record(event);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.field;
    EXPECT_EQ(testing::BadFieldOf(status), c.field);
  }
  server_.clock().Advance(absl::Hours(3));
  RunWorker();
  EXPECT_TRUE(Rtp().empty());

  // Limits are inclusive; an empty host name is allowed.
  EndpointStatusEvent edge = Status(std::string(128, 'e'), start_, true);
  edge.set_event_id(std::string(128, 'y'));
  edge.set_hostname(std::string(253, 'h'));
  MustRecord(edge);
  edge.set_event_id("no-hostname");
  edge.set_hostname("");
  MustRecord(edge);
}

TEST_F(EndpointStatusTest, UnknownOrganizationIsNotFound) {
  EndpointStatusEvent event = Status("ws-1", start_, false);
  event.set_organization(absl::StrCat(account_, "/organizations/999999"));
  EXPECT_EQ(Record(event).error_code(), grpc::StatusCode::NOT_FOUND);
  event.set_organization(org_);
  MustRecord(event);  // the id was not burnt by the failed call
}

TEST_F(EndpointStatusTest, DuplicateEventIdIsAcknowledgedAndIgnored) {
  const EndpointStatusEvent event = Status("ws-1", start_, false);
  MustRecord(event);
  v1::RecordEndpointStatusResponse response;
  ASSERT_TRUE(Record(event, &response).ok());
  EXPECT_TRUE(response.duplicate());
}

TEST_F(EndpointStatusTest, Ten1OnlyServiceAndSocKeysMayRecord) {
  const std::string service = api_.ProviderKey(v1::SERVICE);
  MustRecord(Status("ws-1", start_, true));
  v1::RecordEndpointStatusResponse response;
  EXPECT_TRUE(Record(Status("ws-1", start_, true), &response, service).ok());

  for (const std::string& token :
       {api_.KeyFor(api_.CreateUser(account_, v1::ACCOUNT_ADMIN)),
        api_.KeyFor(api_.CreateUser(account_, v1::ACCOUNT_USER)),
        api_.KeyFor(api_.CreateUser(account_, v1::ORGANIZATION_USER, org_))}) {
    grpc::Status status =
        Record(Status("ws-2", start_, false, true), &response, token);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  grpc::Status anonymous = api_.telemetry().RecordEndpointStatus(
      std::make_unique<grpc::ClientContext>().get(), {}, &response);
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // The refused calls recorded nothing: ws-2 is not known.
  server_.clock().Advance(absl::Hours(3));
  RunWorker();
  EXPECT_TRUE(List().empty());
  EXPECT_FALSE(
      server_.engine()
          .endpoints()
          .GetEndpoint(core::ParseOrganizationName(org_).value(), "ws-2")
          .ok());
}

}  // namespace endpoint_status_test
}  // namespace cordon
