// The flow helpers against fakes on port 0: send-and-wait over a scripted
// event stream, answering an escalation with its etag, bulk sign-ins.
#include "cordon/client/flows.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>

#include "clients/cpp/tests/fake_events.h"
#include "clients/cpp/tests/fake_server.h"
#include "cordon/v1/escalation.grpc.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/incident.grpc.pb.h"
#include "cordon/v1/telemetry.grpc.pb.h"

namespace cordon::client {
namespace flows_test {

using testing::FakeEvents;
using testing::FakeServer;
using testing::MakeEvent;

constexpr char kReport[] = "accounts/1/organizations/2/incidentReports/3";
constexpr char kAnn[] = "accounts/1/organizations/2/identities/10";
constexpr char kBob[] = "accounts/1/organizations/2/identities/11";

class FakeIncidents final : public v1::IncidentService::Service,
                            public v1::IdentityService::Service {
 public:
  grpc::Status SendIncidentReport(grpc::ServerContext*,
                                  const v1::SendIncidentReportRequest* request,
                                  v1::IncidentReport* response) override {
    ++sends;
    response->set_name(request->name());
    response->set_isolation_worthy(true);
    response->add_identities(kAnn);
    response->add_identities(kBob);
    return grpc::Status::OK;
  }
  grpc::Status GetIdentity(grpc::ServerContext*,
                           const v1::GetIdentityRequest* request,
                           v1::Identity* response) override {
    response->set_name(request->name());
    response->set_isolation_state(v1::Identity::ACTIVE);
    return grpc::Status::OK;
  }
  std::atomic<int> sends{0};
};

v1::Event StateChanged(int64_t cursor, const std::string& identity,
                       v1::Identity::IsolationState state) {
  v1::Event event = MakeEvent(cursor, v1::Event::IDENTITY_STATE_CHANGED);
  event.set_resource(identity);
  event.mutable_identity()->set_name(identity);
  event.mutable_identity()->set_isolation_state(state);
  return event;
}

v1::Event ActionChanged(int64_t cursor, const std::string& identity,
                        v1::ResponseAction::Outcome outcome) {
  v1::Event event = MakeEvent(cursor, v1::Event::RESPONSE_ACTION_CHANGED);
  event.set_resource(kReport);
  event.mutable_response_action()->set_identity(identity);
  event.mutable_response_action()->set_kind(
      v1::ResponseAction::IDENTITY_DISABLED);
  event.mutable_response_action()->set_outcome(outcome);
  return event;
}

class FlowsTest : public ::testing::Test {
 protected:
  FakeEvents events_;
  FakeIncidents incidents_;
  FakeServer server_{{&events_,
                      static_cast<v1::IncidentService::Service*>(&incidents_),
                      static_cast<v1::IdentityService::Service*>(&incidents_)}};
  std::vector<absl::Duration> waits_;
  Client client_ = server_.MakeClient(&waits_);
};

// ISO-2/ISO-9: one identity reaches ISOLATED, the other LIMITED after a
// failed disable; the watch was opened on the report's organization first.
TEST_F(FlowsTest, Iso2SendAndWaitFollowsEachIdentityToItsEnd) {
  events_.Add({{MakeEvent(1, v1::Event::BOOKMARK),
                StateChanged(2, kAnn, v1::Identity::ISOLATING),
                ActionChanged(3, kBob, v1::ResponseAction::FAILED),
                StateChanged(4, kAnn, v1::Identity::ISOLATED),
                StateChanged(5, kBob, v1::Identity::LIMITED)},
               {},
               true});
  absl::StatusOr<SendAndWaitResult> result =
      SendReportAndWait(client_, kReport, absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(result.ok()) << FormatError(result.status());
  EXPECT_TRUE(result->complete);
  EXPECT_FALSE(result->AllIsolated());
  ASSERT_EQ(result->identities.size(), 2u);
  EXPECT_EQ(result->identities[0].state, v1::Identity::ISOLATED);
  EXPECT_TRUE(result->identities[0].failed_actions.empty());
  EXPECT_EQ(result->identities[1].state, v1::Identity::LIMITED);
  EXPECT_EQ(result->identities[1].failed_actions.size(), 1u);
  ASSERT_EQ(events_.requests().size(), 1u);
  EXPECT_EQ(events_.requests()[0].parent(), "accounts/1");
  EXPECT_EQ(events_.requests()[0].organization(), "accounts/1/organizations/2");
  EXPECT_EQ(incidents_.sends, 1);
}

// An identity that never settles: the result at the deadline says so.
TEST_F(FlowsTest, SendAndWaitReportsIncompleteAtTheDeadline) {
  events_.Add({{MakeEvent(1, v1::Event::BOOKMARK),
                StateChanged(2, kAnn, v1::Identity::ISOLATED)},
               {},
               true});
  absl::StatusOr<SendAndWaitResult> result = SendReportAndWait(
      client_, kReport, absl::Now() + absl::Milliseconds(100));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->complete);
  EXPECT_TRUE(result->identities[0].settled);
  EXPECT_FALSE(result->identities[1].settled);
}

// A server without WatchEvents: the report is not sent at all.
TEST(FlowsNoEventsTest, SendAndWaitNeedsTheEventStream) {
  FakeIncidents incidents;
  FakeServer server{{static_cast<v1::IncidentService::Service*>(&incidents)}};
  std::vector<absl::Duration> waits;
  absl::StatusOr<SendAndWaitResult> result = SendReportAndWait(
      server.MakeClient(&waits), kReport, absl::Now() + absl::Seconds(10));
  EXPECT_TRUE(absl::IsUnimplemented(result.status())) << result.status();
  EXPECT_EQ(incidents.sends, 0);
  EXPECT_TRUE(absl::IsInvalidArgument(
      SendReportAndWait(server.MakeClient(&waits), "accounts/1",
                        absl::Now() + absl::Seconds(1))
          .status()));
}

class FakeEscalations final : public v1::EscalationService::Service {
 public:
  grpc::Status GetEscalation(grpc::ServerContext*,
                             const v1::GetEscalationRequest* request,
                             v1::Escalation* response) override {
    response->set_name(request->name());
    response->set_etag("e5");
    return grpc::Status::OK;
  }
  grpc::Status AnswerEscalation(grpc::ServerContext*,
                                const v1::AnswerEscalationRequest* request,
                                v1::Escalation* response) override {
    answers.push_back(*request);
    response->set_name(request->name());
    return grpc::Status::OK;
  }
  std::vector<v1::AnswerEscalationRequest> answers;
};

// ESC-3: the answer goes with the escalation's current etag.
TEST(AnswerEscalationTest, Esc3AnswersWithTheCurrentEtag) {
  FakeEscalations escalations;
  FakeServer server{{&escalations}};
  std::vector<absl::Duration> waits;
  Client client = server.MakeClient(&waits);
  ASSERT_TRUE(
      AnswerEscalation(client, "accounts/1/escalations/4",
                       UnauthorizedAnswer(v1::EscalationAnswer::IDENTITY))
          .ok());
  ASSERT_TRUE(AnswerEscalation(client, "accounts/1/escalations/4",
                               ExpectedAnswer(v1::EscalationAnswer::ACCOUNT),
                               "e9")
                  .ok());
  EXPECT_TRUE(absl::IsInvalidArgument(
      AnswerEscalation(client, "accounts/1/users/4", ExpectedAnswer({}))
          .status()));
  ASSERT_EQ(escalations.answers.size(), 2u);
  EXPECT_EQ(escalations.answers[0].etag(), "e5");
  EXPECT_EQ(escalations.answers[0].answer().determination(),
            v1::AccessRule::UNAUTHORIZED);
  EXPECT_EQ(escalations.answers[0].answer().scope(),
            v1::EscalationAnswer::IDENTITY);
  EXPECT_EQ(escalations.answers[1].etag(), "e9");
  EXPECT_EQ(escalations.answers[1].answer().determination(),
            v1::AccessRule::EXPECTED);
}

class FakeTelemetry final : public v1::TelemetryService::Service {
 public:
  grpc::Status RecordSignIn(grpc::ServerContext*,
                            const v1::RecordSignInRequest* request,
                            v1::RecordSignInResponse* response) override {
    std::lock_guard<std::mutex> lock(mu);
    const std::string& id = request->sign_in().event_id();
    ids.push_back(id);
    if (request->sign_in().ip_address() == "flaky" && ++flaky == 1) {
      return grpc::Status(grpc::UNAVAILABLE, "busy");
    }
    if (request->sign_in().ip_address() == "bad") {
      return grpc::Status(grpc::INVALID_ARGUMENT, "bad ip");
    }
    response->set_duplicate(!seen.insert(id).second);
    return grpc::Status::OK;
  }
  std::mutex mu;
  std::vector<std::string> ids;
  std::set<std::string> seen;
  int flaky = 0;
};

// Bulk sign-ins: ids filled in, an UNAVAILABLE retried under the same id, a
// repeat counted as duplicate, a refusal reported by index.
TEST(IngestSignInsTest, RecordsEveryEventOnce) {
  FakeTelemetry telemetry;
  FakeServer server{{&telemetry}};
  std::vector<absl::Duration> waits;
  std::vector<v1::SignInEvent> sign_ins(20);
  for (size_t i = 0; i < sign_ins.size(); ++i) {
    sign_ins[i].set_identity(kAnn);
    sign_ins[i].set_ip_address("192.0.2.1");
  }
  sign_ins[3].set_ip_address("flaky");
  sign_ins[5].set_event_id("same");
  sign_ins[6].set_event_id("same");
  sign_ins[9].set_ip_address("bad");
  IngestResult result =
      IngestSignIns(server.MakeClient(&waits), sign_ins, {.max_in_flight = 4});
  EXPECT_EQ(result.recorded, 18);
  EXPECT_EQ(result.duplicates, 1);
  ASSERT_EQ(result.failed.size(), 1u);
  EXPECT_EQ(result.failed[0].first, 9u);
  std::lock_guard<std::mutex> lock(telemetry.mu);
  EXPECT_EQ(telemetry.ids.size(), 21u);  // 20 and one retry
  EXPECT_EQ(std::count(telemetry.ids.begin(), telemetry.ids.end(), ""), 0);
  EXPECT_EQ(telemetry.seen.size(), 18u);  // less the repeat and the refusal
}

}  // namespace flows_test
}  // namespace cordon::client
