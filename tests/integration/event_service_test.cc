// Issue 12, cordon.v1.EventService.WatchEvents over a real loopback channel:
// the workflows' events with their payloads (reports, response actions,
// identities, escalations, notifications, and the SOC's provider-wide
// alerts), live following woken by commits, resume after a disconnect and
// after a restart without a miss or a repeat, filters, retention
// (OUT_OF_RANGE with oldest_cursor), who sees what (TEN-1, ESC-5), bad
// input, stream limits, bookmarks and shutdown.

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cordon/v1/event.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/sync_stream.h"
#include "gtest/gtest.h"
#include "tests/integration/login_test_fixture.h"
#include "tests/support/status_details.h"

namespace cordon {
namespace event_service_test {

using ::testing::Contains;
using ::testing::HasSubstr;
using v1::Event;
using v1::IncidentReport;
using v1::WatchEventsRequest;

// A WatchEvents stream read by the test; every read is bounded by the
// call's deadline, so a missing event fails instead of hanging.
class Watch {
 public:
  Watch(v1::EventService::Stub& stub, const std::string& token,
        const WatchEventsRequest& request)
      : context_(testing::TestServer::Context(token)) {
    context_->set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(20));
    reader_ = stub.WatchEvents(context_.get(), request);
  }
  ~Watch() {
    if (!finished_) Cancel();
  }

  // The next message; a default v1::Event when the stream ended.
  v1::Event Next() {
    v1::Event event;
    if (!reader_->Read(&event)) ended_ = true;
    return event;
  }
  // The next `n` non-bookmark events.
  std::vector<v1::Event> Events(size_t n) {
    std::vector<v1::Event> events;
    while (events.size() < n) {
      v1::Event event = Next();
      if (ended_) break;
      if (event.type() != v1::Event::BOOKMARK) events.push_back(event);
    }
    return events;
  }
  // How the stream ended (reads what is left).
  grpc::Status Finish() {
    v1::Event ignored;
    while (reader_->Read(&ignored)) {
    }
    finished_ = true;
    return reader_->Finish();
  }
  void Cancel() {
    context_->TryCancel();
    Finish();
  }
  bool ended() const { return ended_; }

 private:
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader_;
  bool ended_ = false;
  bool finished_ = false;
};

WatchEventsRequest From(const std::string& parent, int64_t after = 0,
                        bool from_oldest = false) {
  WatchEventsRequest request;
  request.set_parent(parent);
  request.set_after_cursor(after);
  request.set_from_oldest(from_oldest);
  return request;
}

std::string OldestCursorOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info))
      return info.metadata().count("oldest_cursor") > 0
                 ? info.metadata().at("oldest_cursor")
                 : "";
  }
  return "";
}

class EventServiceTest : public testing::LoginTestBase {
 protected:
  std::unique_ptr<Watch> Open(const WatchEventsRequest& request,
                              const std::string& token = "") {
    return std::make_unique<Watch>(
        api_.events(), token.empty() ? server_.bootstrap_token() : token,
        request);
  }
  // Every event of `account` now in the log, read through the engine.
  std::vector<v1::Event> Logged(uint64_t account = 0) {
    engine::EventFilter filter;
    filter.account = account;
    filter.types.set();
    const int64_t head = server_.engine().events().Head();
    auto batch = server_.engine().events().Read(filter, 0, head, 1000);
    EXPECT_TRUE(batch.ok()) << batch.status();
    return batch.ok() ? batch->events : std::vector<v1::Event>{};
  }
  std::vector<v1::Event> OfType(const std::vector<v1::Event>& events,
                                v1::Event::Type t) {
    std::vector<v1::Event> found;
    for (const v1::Event& event : events) {
      if (event.type() == t) found.push_back(event);
    }
    return found;
  }
  // The events `watch` sends up to the one at `cursor`.
  static std::vector<v1::Event> ReadThrough(Watch& watch, int64_t cursor) {
    std::vector<v1::Event> events;
    while (events.empty() || events.back().cursor() < cursor) {
      v1::Event event = watch.Next();
      if (watch.ended()) break;
      if (event.type() != v1::Event::BOOKMARK) events.push_back(event);
    }
    return events;
  }
  IncidentReport SendReport(const std::string& identity) {
    v1::CreateIncidentReportRequest create;
    create.set_parent(org_);
    create.mutable_incident_report()->set_title("Known-bad IP");
    create.mutable_incident_report()->set_severity(v1::HIGH);
    create.mutable_incident_report()->set_isolation_worthy(true);
    create.mutable_incident_report()->add_identities(identity);
    IncidentReport draft, sent;
    EXPECT_TRUE(api_.incidents()
                    .CreateIncidentReport(Soc().get(), create, &draft)
                    .ok());
    v1::SendIncidentReportRequest send;
    send.set_name(draft.name());
    EXPECT_TRUE(
        api_.incidents().SendIncidentReport(Soc().get(), send, &sent).ok());
    return sent;
  }
  void Resolve(const std::string& report) {
    v1::ResolveIncidentReportRequest request;
    request.set_name(report);
    IncidentReport out;
    ASSERT_TRUE(api_.incidents()
                    .ResolveIncidentReport(Soc().get(), request, &out)
                    .ok());
  }
  void SetIsolationCap(int cap) {
    v1::UpdateAccountRequest update;
    update.mutable_account()->set_name(account_);
    update.mutable_account()
        ->mutable_settings()
        ->set_automated_isolations_per_hour(cap);
    update.mutable_update_mask()->add_paths(
        "settings.automated_isolations_per_hour");
    v1::AccountChange out;
    ASSERT_TRUE(api_.accounts().UpdateAccount(Soc().get(), update, &out).ok());
  }
};

// ISO-2/3/4/11: a report's whole life is on the stream, each event with the
// resource as it was right after the change.
TEST_F(EventServiceTest, Iso11ReportLifecycleEmitsEveryEventWithItsPayload) {
  const IncidentReport sent = SendReport(alice_);
  RunWorker();
  Resolve(sent.name());
  RunWorker();
  const std::vector<v1::Event> events = Logged(AccountId());

  int64_t last = 0;
  for (const v1::Event& event : events) {
    EXPECT_GT(event.cursor(), last);  // strictly increasing
    last = event.cursor();
    EXPECT_EQ(event.account(), account_);
    EXPECT_EQ(event.organization(), org_);
    EXPECT_TRUE(event.has_time());
  }
  const auto sent_events = OfType(events, v1::Event::REPORT_SENT);
  ASSERT_EQ(sent_events.size(), 1u);
  EXPECT_EQ(sent_events[0].resource(), sent.name());
  EXPECT_EQ(sent_events[0].incident_report().status(), IncidentReport::SENT);

  const auto actions = OfType(events, v1::Event::RESPONSE_ACTION_CHANGED);
  std::vector<v1::ResponseAction::Outcome> outcomes;
  for (const v1::Event& event : actions) {
    EXPECT_EQ(event.resource(), sent.name());
    EXPECT_EQ(event.response_action().identity(), alice_);
    outcomes.push_back(event.response_action().outcome());
  }
  EXPECT_THAT(outcomes, Contains(v1::ResponseAction::PENDING));
  EXPECT_THAT(outcomes, Contains(v1::ResponseAction::SUCCEEDED));

  std::vector<v1::Identity::IsolationState> states;
  for (const v1::Event& event :
       OfType(events, v1::Event::IDENTITY_STATE_CHANGED)) {
    EXPECT_EQ(event.resource(), alice_);
    states.push_back(event.identity().isolation_state());
  }
  EXPECT_THAT(states, Contains(v1::Identity::ISOLATED));
  ASSERT_FALSE(states.empty());
  EXPECT_EQ(states.back(), v1::Identity::ACTIVE);  // ISO-4 released

  const auto deliveries = OfType(events, v1::Event::REPORT_DELIVERY_CHANGED);
  ASSERT_FALSE(deliveries.empty());
  EXPECT_EQ(deliveries[0].resource(), sent.name());
  EXPECT_TRUE(deliveries[0].has_report_delivery());

  const auto resolved = OfType(events, v1::Event::REPORT_RESOLVED);
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].incident_report().status(), IncidentReport::RESOLVED);

  const IncidentReport other = SendReport(bob_);
  v1::RejectIncidentReportRequest reject;
  reject.set_name(other.name());
  IncidentReport rejected;
  ASSERT_TRUE(api_.incidents()
                  .RejectIncidentReport(Soc().get(), reject, &rejected)
                  .ok());
  EXPECT_EQ(OfType(Logged(AccountId()), v1::Event::REPORT_REJECTED).size(), 1u);
}

// DESIGN rule 1: an event is in the write of its change; a refused change
// writes none.
TEST_F(EventServiceTest, FailedChangeLeavesNoEvent) {
  const IncidentReport sent = SendReport(alice_);
  const int64_t head = server_.engine().events().Head();
  v1::SendIncidentReportRequest again;  // SENT already: FAILED_PRECONDITION
  again.set_name(sent.name());
  IncidentReport out;
  EXPECT_EQ(api_.incidents()
                .SendIncidentReport(Soc().get(), again, &out)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(server_.engine().events().Head(), head);
}

// ESC-1, ESC-7, ESC-8, ESC-9: an escalation's life, its notifications'
// outcomes, and the overdue timer.
TEST_F(EventServiceTest, Esc7Esc9EscalationOpenJoinOverdueAnswerResolve) {
  AdminToken();  // an admin to notify (ESC-6)
  MustRecord(Event(alice_, "FR"));
  MustRecord(Event(bob_, "FR"));
  RunWorker();
  server_.clock().Advance(absl::Hours(24 * 7) + absl::Minutes(1));  // LOW
  RunWorker();
  const std::vector<v1::Escalation> open = OpenLoginEscalations();
  ASSERT_EQ(open.size(), 1u);
  v1::AnswerEscalationRequest answer;
  answer.set_name(open[0].name());
  answer.mutable_answer()->set_determination(v1::AccessRule::EXPECTED);
  answer.mutable_answer()->set_scope(v1::EscalationAnswer::ORGANIZATION);
  v1::Escalation answered;
  ASSERT_TRUE(api_.escalations()
                  .AnswerEscalation(Ctx(AdminToken()).get(), answer, &answered)
                  .ok());

  const std::vector<v1::Event> events = Logged(AccountId());
  for (v1::Event::Type type :
       {v1::Event::ESCALATION_OPENED, v1::Event::ESCALATION_JOINED,
        v1::Event::ESCALATION_OVERDUE, v1::Event::ESCALATION_ANSWERED,
        v1::Event::ESCALATION_RESOLVED}) {
    const auto found = OfType(events, type);
    ASSERT_EQ(found.size(), 1u) << v1::Event::Type_Name(type);
    EXPECT_EQ(found[0].resource(), open[0].name());
    EXPECT_EQ(found[0].escalation().name(), open[0].name());
    EXPECT_EQ(found[0].organization(), org_);
  }
  EXPECT_EQ(OfType(events, v1::Event::ESCALATION_JOINED)[0]
                .escalation()
                .identities_size(),
            2);
  const auto notifications = OfType(events, v1::Event::NOTIFICATION_CHANGED);
  ASSERT_GE(notifications.size(), 2u);  // the first round and the overdue one
  EXPECT_EQ(notifications[0].resource(), open[0].name());
  EXPECT_TRUE(notifications[0].has_notification());
}

// ESC-4 and ISO-14: the SOC alert and the blast-radius pause are
// provider-wide: SOC analysts receive them, account users see the
// escalation only.
TEST_F(EventServiceTest, Esc4Iso14ProviderWideEventsReachSocAnalystsOnly) {
  SetIsolationCap(1);
  MustCreateRule(org_, CountryRule(v1::AccessRule::UNAUTHORIZED, "RU"));
  MustRecord(Event(alice_, "RU"));
  MustRecord(Event(bob_, "RU"));  // past the cap of 1: paused

  const std::vector<v1::Event> logged = Logged(AccountId());
  ASSERT_FALSE(logged.empty());
  auto soc = Open(From("accounts/-", 0, /*from_oldest=*/true));
  const std::vector<v1::Event> seen = ReadThrough(*soc, logged.back().cursor());
  const auto alerts = OfType(seen, v1::Event::SOC_ALERT_RAISED);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].soc_alert().identity(), alice_);
  EXPECT_EQ(alerts[0].account(), account_);
  const auto paused = OfType(seen, v1::Event::ISOLATION_PAUSED);
  ASSERT_EQ(paused.size(), 1u);
  EXPECT_EQ(paused[0].escalation().type(), v1::ISOLATION_CAP_REACHED);

  // The account's admin: the same account's events, without those two.
  int64_t last_theirs = 0;
  for (const v1::Event& event : logged) {
    if (event.type() != v1::Event::SOC_ALERT_RAISED &&
        event.type() != v1::Event::ISOLATION_PAUSED) {
      last_theirs = event.cursor();
    }
  }
  auto admin = Open(From(account_, 0, true), AdminToken());
  const std::vector<v1::Event> theirs = ReadThrough(*admin, last_theirs);
  EXPECT_TRUE(OfType(theirs, v1::Event::SOC_ALERT_RAISED).empty());
  EXPECT_TRUE(OfType(theirs, v1::Event::ISOLATION_PAUSED).empty());
  EXPECT_FALSE(OfType(theirs, v1::Event::ESCALATION_OPENED).empty());
  // Asking for them by type is refused.
  WatchEventsRequest request = From(account_);
  request.add_types(v1::Event::SOC_ALERT_RAISED);
  EXPECT_EQ(Open(request, AdminToken())->Finish().error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// A fresh stream starts with a BOOKMARK at the head and is woken by the
// commit of a new event (no polling: the read blocks until it comes).
TEST_F(EventServiceTest, LiveStreamBookmarksTheHeadThenFollowsCommits) {
  SendReport(alice_);
  const int64_t head = server_.engine().events().Head();
  auto watch = Open(From(account_));
  const v1::Event bookmark = watch->Next();
  EXPECT_EQ(bookmark.type(), v1::Event::BOOKMARK);
  EXPECT_EQ(bookmark.cursor(), head);
  EXPECT_TRUE(bookmark.account().empty());

  RunWorker();  // the isolation's outcomes commit now
  const std::vector<v1::Event> events = watch->Events(1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_GT(events[0].cursor(), head);
}

// Resume: a client that reconnects after its last cursor gets exactly the
// events it did not get, in order.
TEST_F(EventServiceTest, ResumeAfterDisconnectMissesNothingAndRepeatsNothing) {
  SendReport(alice_);
  RunWorker();
  const std::vector<v1::Event> all = Logged(AccountId());
  ASSERT_GE(all.size(), 6u);

  auto first = Open(From(account_, 0, /*from_oldest=*/true));
  std::vector<v1::Event> got = first->Events(3);
  first->Cancel();
  ASSERT_EQ(got.size(), 3u);
  auto second = Open(From(account_, got.back().cursor()));
  const v1::Event bookmark = second->Next();
  EXPECT_EQ(bookmark.type(), v1::Event::BOOKMARK);
  EXPECT_EQ(bookmark.cursor(), got.back().cursor());  // where it resumes
  for (const v1::Event& event : second->Events(all.size() - 3)) {
    got.push_back(event);
  }
  ASSERT_EQ(got.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(got[i].cursor(), all[i].cursor()) << i;
    EXPECT_EQ(got[i].type(), all[i].type()) << i;
  }
}

// A restart on the same data dir keeps the log and the cursors: a client
// resumes where it was, and new cursors are above every old one.
TEST_F(EventServiceTest, ResumeAfterRestartOnTheSameDataDir) {
  SendReport(alice_);
  const std::vector<v1::Event> before = Logged(AccountId());
  ASSERT_FALSE(before.empty());
  const int64_t last = before.back().cursor();
  server_.Restart();
  api_.Connect();
  EXPECT_GE(server_.engine().events().Head(), last);

  auto watch = Open(From(account_, before.front().cursor()));
  const std::vector<v1::Event> replay = watch->Events(before.size() - 1);
  ASSERT_EQ(replay.size(), before.size() - 1);
  EXPECT_EQ(replay.back().cursor(), last);
  RunWorker();  // the restarted worker records the isolation's outcomes
  const std::vector<v1::Event> next = watch->Events(1);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_GT(next[0].cursor(), last);
}

TEST_F(EventServiceTest, FiltersByOrganizationAndType) {
  const std::string other_org =
      api_.CreateOrganization(account_, "Fabrikam", "");
  SendReport(alice_);
  RunWorker();

  WatchEventsRequest by_type = From(account_, 0, true);
  by_type.add_types(v1::Event::IDENTITY_STATE_CHANGED);
  auto watch = Open(by_type);
  for (const v1::Event& event : watch->Events(2)) {
    EXPECT_EQ(event.type(), v1::Event::IDENTITY_STATE_CHANGED);
  }
  WatchEventsRequest by_org = From(account_, 0, true);
  by_org.set_organization(other_org);
  auto none = Open(by_org);
  const v1::Event bookmark = none->Next();
  EXPECT_EQ(bookmark.type(), v1::Event::BOOKMARK);
  v1::Identity created;
  const std::string carol =
      api_.CreateIdentity(other_org, "carol@fabrikam.com");
  v1::IsolateIdentityRequest isolate;  // an event of the other organization
  isolate.set_name(carol);
  isolate.set_reason("test");
  ASSERT_TRUE(
      api_.identities().IsolateIdentity(Soc().get(), isolate, &created).ok());
  const std::vector<v1::Event> only = none->Events(1);
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].organization(), other_org);
  EXPECT_EQ(only[0].resource(), carol);
}

// Retention: old events go with the PRUNE_EVENTS timer; a cursor older than
// what is kept answers OUT_OF_RANGE with the oldest cursor still available.
TEST_F(EventServiceTest, RetentionPrunesAndExpiredCursorIsOutOfRange) {
  testing::TestServerOptions options;
  options.event_retention = absl::Hours(1);
  server_.Reconfigure(options);
  api_.Connect();
  SendReport(alice_);
  const std::vector<v1::Event> old = Logged(AccountId());
  ASSERT_GE(old.size(), 2u);
  server_.clock().Advance(absl::Hours(2));
  RunWorker();  // the retention timer is due: the old events go
  SendReport(bob_);
  const std::vector<v1::Event> kept = Logged(AccountId());
  ASSERT_FALSE(kept.empty());
  EXPECT_GT(kept.front().cursor(), old.back().cursor());

  auto expired = Open(From(account_, old.front().cursor()));
  const grpc::Status status = expired->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(testing::ReasonOf(status), "CURSOR_EXPIRED");
  const std::string oldest = OldestCursorOf(status);
  ASSERT_FALSE(oldest.empty());
  EXPECT_GT(std::stoll(oldest), old.back().cursor());
  EXPECT_LE(std::stoll(oldest), kept.front().cursor());

  // Resuming just before oldest_cursor, or from_oldest, replays what is kept.
  auto resumed = Open(From(account_, std::stoll(oldest) - 1));
  const std::vector<v1::Event> replay = resumed->Events(1);
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0].cursor(), kept.front().cursor());
}

TEST_F(EventServiceTest, BadInputIsInvalidArgumentNamingTheField) {
  SendReport(alice_);
  const int64_t head = server_.engine().events().Head();
  const std::string other_account = api_.CreateAccount("Other");
  struct Case {
    WatchEventsRequest request;
    std::string field;
  };
  std::vector<Case> cases;
  cases.push_back({From("organizations/1"), "parent"});
  cases.push_back({From(account_, -1), "after_cursor"});
  cases.push_back({From(account_, head + 1000), "after_cursor"});
  cases.push_back({From(account_, 1, true), "from_oldest"});
  WatchEventsRequest foreign_org = From(account_);
  foreign_org.set_organization(absl::StrCat(other_account, "/organizations/9"));
  cases.push_back({foreign_org, "organization"});
  WatchEventsRequest bad_org = From(account_);
  bad_org.set_organization("contoso");
  cases.push_back({bad_org, "organization"});
  WatchEventsRequest unknown_type = From(account_);
  unknown_type.add_types(static_cast<v1::Event::Type>(99));
  cases.push_back({unknown_type, "types"});
  WatchEventsRequest unspecified = From(account_);
  unspecified.add_types(v1::Event::TYPE_UNSPECIFIED);
  cases.push_back({unspecified, "types"});
  for (const Case& c : cases) {
    const grpc::Status status = Open(c.request)->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.request.ShortDebugString();
    EXPECT_EQ(testing::BadFieldOf(status), c.field)
        << c.request.ShortDebugString();
  }
}

// TEN-1, ESC-5 and the roles: who may watch what.
TEST_F(EventServiceTest, Esc5Ten1WhoMayWatchWhat) {
  const std::string org_user = UserToken(v1::ORGANIZATION_USER, account_, org_);
  const std::string other_admin =
      UserToken(v1::ACCOUNT_ADMIN, api_.CreateAccount("Other"));
  auto code = [&](const WatchEventsRequest& request, const std::string& token) {
    auto watch = Open(request, token);
    const v1::Event first = watch->Next();
    if (!watch->ended()) {
      watch->Cancel();
      return grpc::StatusCode::OK;
    }
    return watch->Finish().error_code();
  };
  EXPECT_EQ(code(From(account_), other_admin), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(code(From("accounts/-"), AdminToken()),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(code(From(account_), ProviderToken(v1::SERVICE)),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(code(From(account_), api_.AgentKey(org_)),
            grpc::StatusCode::PERMISSION_DENIED);
  WatchEventsRequest escalations = From(account_);
  escalations.add_types(v1::Event::ESCALATION_OPENED);
  EXPECT_EQ(code(escalations, org_user), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(code(From(account_), UserToken(v1::ACCOUNT_USER, account_)),
            grpc::StatusCode::OK);

  // ESC-5: the organization user's stream carries its organization's
  // identity events but never the escalation they open.
  auto watch = Open(From(account_), org_user);
  EXPECT_EQ(watch->Next().type(), v1::Event::BOOKMARK);
  MustRecord(Event(alice_, "FR"));  // opens a LOW escalation
  SendReport(alice_);               // then identity and report events
  const std::vector<v1::Event> seen = watch->Events(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_NE(seen[0].type(), v1::Event::ESCALATION_OPENED);
  EXPECT_NE(seen[0].type(), v1::Event::NOTIFICATION_CHANGED);
  EXPECT_EQ(seen[0].organization(), org_);
  EXPECT_FALSE(
      OfType(Logged(AccountId()), v1::Event::ESCALATION_OPENED).empty());
}

TEST_F(EventServiceTest, StreamsPerKeyAreBounded) {
  testing::TestServerOptions options;
  options.events.max_streams_per_key = 1;
  server_.Reconfigure(options);
  api_.Connect();
  auto first = Open(From(account_));
  EXPECT_EQ(first->Next().type(), v1::Event::BOOKMARK);
  const grpc::Status second = Open(From(account_))->Finish();
  EXPECT_EQ(second.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(testing::ReasonOf(second), "TOO_MANY_STREAMS");
  first->Cancel();
}

// A silent stream sends a BOOKMARK after each interval (here 20 ms).
TEST_F(EventServiceTest, SilentStreamSendsBookmarks) {
  testing::TestServerOptions options;
  options.events.bookmark_interval = absl::Milliseconds(20);
  server_.Reconfigure(options);
  api_.Connect();
  SendReport(alice_);
  const int64_t head = server_.engine().events().Head();
  auto watch = Open(From(account_));
  for (int i = 0; i < 3; ++i) {
    const v1::Event bookmark = watch->Next();
    EXPECT_EQ(bookmark.type(), v1::Event::BOOKMARK);
    EXPECT_EQ(bookmark.cursor(), head);
  }
}

// Server shutdown ends open streams at once.
TEST_F(EventServiceTest, ShutdownEndsOpenStreams) {
  auto watch = Open(From(account_));
  EXPECT_EQ(watch->Next().type(), v1::Event::BOOKMARK);
  server_.Stop();
  watch->Next();
  EXPECT_TRUE(watch->ended());
}

}  // namespace event_service_test
}  // namespace cordon
