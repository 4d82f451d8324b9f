// EscalationService over a real loopback channel: ESC-7 one open escalation
// per subject, ESC-1/ESC-9 due times and the derived OVERDUE status, ESC-5
// who may do what, ESC-8 answers, and List's filters and due-time order.
// Escalations are raised the way the telemetry workflow will raise them:
// through EscalationManager::Raise inside a store transaction.

#include <functional>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/engine/common/rows.h"
#include "server/engine/escalation/escalation_events_migration.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"
#include "tests/support/api_client.h"
#include "tests/support/raise_escalation.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace escalation_service_test {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using v1::Escalation;
using v1::EscalationAnswer;

constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000aa";
constexpr char kOtherTenant[] = "00000000-0000-0000-0000-0000000000bb";

absl::Duration Between(const google::protobuf::Timestamp& from,
                       const google::protobuf::Timestamp& to) {
  return absl::Nanoseconds(
      google::protobuf::util::TimeUtil::TimestampToNanoseconds(to) -
      google::protobuf::util::TimeUtil::TimestampToNanoseconds(from));
}

class EscalationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    ASSERT_TRUE(server_.world().AddTenant({kTenant, {"contoso.com"}, ""}).ok());
    ASSERT_TRUE(
        server_.world().AddTenant({kOtherTenant, {"fabrikam.com"}, ""}).ok());
    org_ = api_.CreateOrganization(account_, "Contoso", kTenant);
    other_org_ = api_.CreateOrganization(account_, "Fabrikam", kOtherTenant);
    alice_ = NewIdentity("alice@contoso.com");
    bob_ = NewIdentity("bob@contoso.com");
  }

  std::string NewIdentity(const std::string& upn) {
    EXPECT_TRUE(server_.world().AddUser(kTenant, {.upn = upn}).ok());
    return api_.CreateIdentity(org_, upn);
  }
  std::unique_ptr<grpc::ClientContext> Soc() { return api_.Soc(); }
  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    return testing::TestServer::Context(token);
  }
  std::string UserToken(v1::Role role, const std::string& account = "") {
    return api_.KeyFor(
        api_.CreateUser(account.empty() ? account_ : account, role,
                        role == v1::ORGANIZATION_USER ? org_ : ""));
  }
  std::string ServiceToken() {
    return api_.ProviderKey(v1::SERVICE, "telemetry");
  }

  // An occurrence of `subject` about `identity` in organization `org`
  // (org_ when empty), summarized so.
  engine::EscalationOccurrence OccurrenceOf(v1::EscalationType type,
                                            const std::string& subject,
                                            const std::string& identity,
                                            const std::string& summary,
                                            const std::string& org = "") {
    const core::OrganizationName parsed =
        *core::ParseOrganizationName(org.empty() ? org_ : org);
    engine::EscalationOccurrence occurrence;
    occurrence.account = parsed.account;
    occurrence.organization = parsed.organization;
    occurrence.type = type;
    occurrence.subject = subject;
    occurrence.identity = identity;
    occurrence.event.set_subject(identity.empty() ? subject : identity);
    occurrence.event.set_summary(summary);
    return occurrence;
  }
  // One occurrence, raised in its own write as a trigger would raise it.
  Escalation Raise(v1::EscalationType type, const std::string& subject,
                   const std::string& identity = "",
                   const std::string& org = "",
                   v1::Severity severity = v1::SEVERITY_UNSPECIFIED) {
    engine::EscalationOccurrence occurrence =
        OccurrenceOf(type, subject, identity, "seen", org);
    occurrence.severity = severity;
    return testing::RaiseEscalation(server_.database(), server_.engine(),
                                    occurrence);
  }
  Escalation RaiseCountry(const std::string& country,
                          const std::string& identity) {
    return Raise(v1::LOGIN_UNEXPECTED_COUNTRY, "country:" + country, identity);
  }

  grpc::Status Get(const std::string& token, const std::string& name,
                   Escalation* out) {
    v1::GetEscalationRequest request;
    request.set_name(name);
    return api_.escalations().GetEscalation(As(token).get(), request, out);
  }
  Escalation Get(const std::string& name) {
    Escalation out;
    EXPECT_TRUE(Get(server_.bootstrap_token(), name, &out).ok());
    return out;
  }
  grpc::Status List(const std::string& token, const std::string& filter,
                    v1::ListEscalationsResponse* out,
                    const std::string& parent = "") {
    v1::ListEscalationsRequest request;
    request.set_parent(parent.empty() ? account_ : parent);
    request.set_filter(filter);
    return api_.escalations().ListEscalations(As(token).get(), request, out);
  }
  // The names listed for `filter`, in order.
  std::vector<std::string> Names(const std::string& filter) {
    v1::ListEscalationsResponse out;
    grpc::Status status = List(server_.bootstrap_token(), filter, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const Escalation& e : out.escalations()) names.push_back(e.name());
    return names;
  }
  grpc::Status Answer(const std::string& token, const std::string& name,
                      const EscalationAnswer& answer, Escalation* out) {
    v1::AnswerEscalationRequest request;
    request.set_name(name);
    *request.mutable_answer() = answer;
    return api_.escalations().AnswerEscalation(As(token).get(), request, out);
  }
  grpc::Status Create(const std::string& token, const Escalation& escalation,
                      Escalation* out, const std::string& request_id = "") {
    v1::CreateEscalationRequest request;
    request.set_parent(account_);
    *request.mutable_escalation() = escalation;
    request.set_request_id(request_id);
    return api_.escalations().CreateEscalation(As(token).get(), request, out);
  }
  Escalation HostIsolation() {
    Escalation escalation;
    escalation.set_type(v1::HOST_ISOLATION_ORG_WIDE);
    escalation.set_organization(org_);
    escalation.set_question("Five endpoints were isolated. Acknowledge?");
    return escalation;
  }
  static EscalationAnswer Acknowledge() {
    EscalationAnswer answer;
    answer.set_acknowledge(true);
    return answer;
  }
  std::vector<std::string> AuditSummaries(const std::string& resource) {
    v1::ListAuditEventsRequest request;
    request.set_parent(account_);
    request.set_resource(resource);
    v1::ListAuditEventsResponse out;
    EXPECT_TRUE(api_.audit().ListAuditEvents(Soc().get(), request, &out).ok());
    std::vector<std::string> summaries;
    for (const v1::AuditEvent& e : out.audit_events()) {
      summaries.push_back(e.summary());
    }
    return summaries;
  }

  // ESC-5: an ORGANIZATION_USER gets PERMISSION_DENIED on every call,
  // whether the escalation exists, is in another account, or the name is
  // not one, and no trace of one leaks through the audit trail.
  void ExpectOrganizationUserSeesNoEscalation(
      const std::string& org_user, const Escalation& login,
      const std::string& missing, const std::string& other_account) {
    Escalation out;
    v1::ListEscalationsResponse listed;
    for (const std::string& name :
         {login.name(), missing, other_account + "/escalations/1",
          std::string("nonsense")}) {
      grpc::Status get = Get(org_user, name, &out);
      EXPECT_EQ(get.error_code(), grpc::StatusCode::PERMISSION_DENIED) << name;
      EXPECT_EQ(get.error_message().find("escalations/"), std::string::npos);
      EXPECT_EQ(Answer(org_user, name, Acknowledge(), &out).error_code(),
                grpc::StatusCode::PERMISSION_DENIED)
          << name;
    }
    for (const std::string& parent : {account_, other_account}) {
      EXPECT_EQ(List(org_user, "", &listed, parent).error_code(),
                grpc::StatusCode::PERMISSION_DENIED);
    }
    EXPECT_EQ(List(org_user, "bad filter", &listed).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(Create(org_user, HostIsolation(), &out).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    // No escalation trace through the audit trail either: organization users
    // cannot read the account's audit log at all.
    v1::ListAuditEventsRequest audit;
    audit.set_parent(account_);
    audit.set_resource(login.name());
    v1::ListAuditEventsResponse events;
    EXPECT_EQ(api_.audit()
                  .ListAuditEvents(As(org_user).get(), audit, &events)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(events.audit_events_size(), 0);
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_, org_, other_org_, alice_, bob_;
};

TEST_F(EscalationServiceTest, Esc7RepeatedTriggersJoinTheOpenEscalation) {
  const Escalation first = RaiseCountry("RU", alice_);
  const Escalation second = RaiseCountry("RU", bob_);
  const Escalation third = RaiseCountry("RU", alice_);
  EXPECT_EQ(second.name(), first.name());
  EXPECT_EQ(third.name(), first.name());

  const Escalation joined = Get(first.name());
  EXPECT_EQ(joined.status(), Escalation::OPEN);
  EXPECT_EQ(joined.subject(), "country:RU");
  EXPECT_EQ(joined.organization(), org_);
  // One escalation lists every identity once, and every occurrence.
  EXPECT_THAT(joined.identities(), ElementsAre(alice_, bob_));
  EXPECT_EQ(joined.events_size(), 3);
  EXPECT_EQ(joined.event_count(), 3);
  EXPECT_THAT(joined.allowed_answers(),
              ElementsAre("EXPECTED", "UNAUTHORIZED", "DISMISS"));
  // ESC-1: joining does not move the due time.
  EXPECT_EQ(joined.due_time(), first.due_time());

  // Another place, another organization or another type: other subjects.
  EXPECT_NE(RaiseCountry("CN", alice_).name(), first.name());
  EXPECT_NE(
      Raise(v1::LOGIN_UNEXPECTED_COUNTRY, "country:RU", "", other_org_).name(),
      first.name());
  EXPECT_NE(Raise(v1::LOGIN_UNEXPECTED_VPN, "country:RU", alice_).name(),
            first.name());
  EXPECT_EQ(Names("").size(), 4u);
}

TEST_F(EscalationServiceTest, Esc7AfterResolveTheNextOccurrenceOpensANewOne) {
  const Escalation first = RaiseCountry("RU", alice_);
  std::unique_ptr<store::Transaction> txn = server_.database().Begin();
  ASSERT_TRUE(server_.engine()
                  .escalations()
                  .Resolve(*txn, first.name(), Escalation::AUTOMATIC,
                           engine::Actor{"system", "", "test"})
                  .ok());
  ASSERT_TRUE(txn->Commit().ok());
  const Escalation resolved = Get(first.name());
  EXPECT_EQ(resolved.status(), Escalation::RESOLVED);
  EXPECT_EQ(resolved.resolution(), Escalation::AUTOMATIC);
  EXPECT_TRUE(resolved.has_resolve_time());

  const Escalation next = RaiseCountry("RU", bob_);
  EXPECT_NE(next.name(), first.name());
  EXPECT_EQ(next.status(), Escalation::OPEN);
  EXPECT_THAT(next.identities(), ElementsAre(bob_));
  // The resolved one is left as it was.
  EXPECT_THAT(Get(first.name()).identities(), ElementsAre(alice_));

  // ResolveSubject finds the open one by its subject.
  txn = server_.database().Begin();
  const core::OrganizationName org = *core::ParseOrganizationName(org_);
  ASSERT_TRUE(server_.engine()
                  .escalations()
                  .ResolveSubject(*txn, org.account, org.organization,
                                  v1::LOGIN_UNEXPECTED_COUNTRY, "country:RU",
                                  Escalation::AUTOMATIC,
                                  engine::Actor{"system", "", "test"})
                  .ok());
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(Get(next.name()).status(), Escalation::RESOLVED);
  EXPECT_NE(RaiseCountry("RU", bob_).name(), next.name());
}

TEST_F(EscalationServiceTest, Esc7ConcurrentOccurrencesOpenOneEscalation) {
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back(
        [this, i] { RaiseCountry("BR", i % 2 ? alice_ : bob_); });
  }
  for (std::thread& thread : threads) thread.join();
  const std::vector<std::string> names = Names("");
  ASSERT_EQ(names.size(), 1u);
  const Escalation escalation = Get(names[0]);
  EXPECT_EQ(escalation.event_count(), kThreads);
  EXPECT_THAT(escalation.identities(), UnorderedElementsAre(alice_, bob_));
}

// Where escalations keep their occurrences (engine::EscalationEvents).
std::string OccurrencesPrefix() {
  return std::string(
      1, static_cast<char>(store::IndexKind::kEscalationOccurrence));
}

// Issue 14: a join is an insert of its occurrence. The escalation's row (its
// etag and update time) changes only when the join lists a new identity.
TEST_F(EscalationServiceTest, Esc7AJoinRewritesTheRowOnlyForANewIdentity) {
  const Escalation first = RaiseCountry("RU", alice_);
  RaiseCountry("RU", alice_);
  const Escalation again = Get(first.name());
  EXPECT_EQ(again.etag(), first.etag());
  EXPECT_EQ(again.update_time(), first.update_time());
  EXPECT_EQ(again.event_count(), 2);
  ASSERT_EQ(again.events_size(), 2);

  RaiseCountry("RU", bob_);
  const Escalation widened = Get(first.name());
  EXPECT_NE(widened.etag(), first.etag());
  EXPECT_THAT(widened.identities(), ElementsAre(alice_, bob_));
  EXPECT_EQ(widened.event_count(), 3);
}

// Issue 14: the occurrences past the latest kMaxEvents are dropped from time
// to time as joins commit, while event_count keeps counting every one.
TEST_F(EscalationServiceTest, Esc7DroppedOccurrencesStayCounted) {
  constexpr int kBatches = 25;
  constexpr int kPerBatch = 100;  // 2,500 in all, one write per batch
  std::string name;
  for (int batch = 0; batch < kBatches; ++batch) {
    std::unique_ptr<store::Transaction> txn = server_.database().Begin();
    for (int i = 0; i < kPerBatch; ++i) {
      absl::StatusOr<Escalation> raised = server_.engine().escalations().Raise(
          *txn, OccurrenceOf(v1::LOGIN_UNEXPECTED_COUNTRY, "country:BR", alice_,
                             absl::StrCat("sign-in ", batch * kPerBatch + i)));
      ASSERT_TRUE(raised.ok()) << raised.status();
      name = raised->name();
    }
    ASSERT_TRUE(txn->Commit().ok());
  }
  const Escalation escalation = Get(name);
  EXPECT_EQ(escalation.event_count(), kBatches * kPerBatch);
  ASSERT_EQ(escalation.events_size(), engine::EscalationManager::kMaxEvents);
  EXPECT_EQ(
      escalation.events(0).summary(),
      absl::StrCat("sign-in ", kBatches * kPerBatch -
                                   engine::EscalationManager::kMaxEvents));
  // Rows were dropped: fewer are kept than occurrences counted.
  int rows = 0;
  ASSERT_TRUE(server_.database()
                  .Scan(store::Family::kIndex, OccurrencesPrefix(), "", false,
                        [&](absl::string_view, absl::string_view) {
                          ++rows;
                          return true;
                        })
                  .ok());
  EXPECT_LT(rows, kBatches * kPerBatch - kPerBatch);
}

// Issue 14: an escalation written before kept its occurrences in its row;
// the start-up migration moves them into rows of their own, once.
TEST_F(EscalationServiceTest, Esc7OccurrencesInAnOldRowMoveToRowsAtStart) {
  const Escalation opened = RaiseCountry("NG", alice_);
  const core::EscalationName name = *core::ParseEscalationName(opened.name());
  Escalation old_row = Get(opened.name());
  old_row.clear_events();
  for (int i = 0; i < 3; ++i) {
    old_row.add_events()->set_summary(absl::StrCat("old ", i));
  }
  old_row.set_event_count(7);  // four more than it kept
  {
    std::unique_ptr<store::Transaction> txn = server_.database().Begin();
    // The occurrence Raise wrote goes, as if it never had a row.
    ASSERT_TRUE(server_.database()
                    .Scan(store::Family::kIndex, OccurrencesPrefix(), "", false,
                          [&](absl::string_view key, absl::string_view) {
                            txn->Delete(store::Family::kIndex, key);
                            return true;
                          })
                    .ok());
    txn->Put(store::Family::kEscalations,
             store::KeyOf({name.account, name.escalation}), old_row);
    txn->Delete(store::Family::kMeta, "escalation_events_in_rows");
    ASSERT_TRUE(txn->Commit().ok());
  }
  ASSERT_TRUE(engine::MoveEscalationEventsToRows(server_.database()).ok());
  const Escalation moved = Get(opened.name());
  EXPECT_EQ(moved.event_count(), 7);
  ASSERT_EQ(moved.events_size(), 3);
  EXPECT_EQ(moved.events(0).summary(), "old 0");
  EXPECT_EQ(moved.events(2).summary(), "old 2");
  EXPECT_EQ(moved.etag(), old_row.etag());
  const Escalation stored = *engine::ReadRow<Escalation>(
      server_.database(), store::Family::kEscalations,
      store::KeyOf({name.account, name.escalation}), "", "escalation");
  EXPECT_EQ(stored.events_size(), 0);
  EXPECT_EQ(stored.event_count(), 0);

  // Once: a second start moves nothing again.
  ASSERT_TRUE(engine::MoveEscalationEventsToRows(server_.database()).ok());
  EXPECT_EQ(Get(opened.name()).event_count(), 7);
}

TEST_F(EscalationServiceTest, Esc7EventsAndIdentitiesAreBounded) {
  std::unique_ptr<store::Transaction> txn = server_.database().Begin();
  absl::StatusOr<Escalation> last;
  const int occurrences = engine::EscalationManager::kMaxEvents + 5;
  for (int i = 0; i < occurrences; ++i) {
    last = server_.engine().escalations().Raise(
        *txn, OccurrenceOf(v1::LOGIN_UNEXPECTED_VPN, "vpn:nordvpn",
                           org_ + "/identities/" + std::to_string(i + 1000),
                           "sign-in " + std::to_string(i)));
    ASSERT_TRUE(last.ok()) << last.status();
  }
  const absl::Status committed = txn->Commit();
  ASSERT_TRUE(committed.ok()) << committed;
  const Escalation escalation = Get(last->name());
  EXPECT_EQ(escalation.event_count(), occurrences);
  EXPECT_EQ(escalation.events_size(), engine::EscalationManager::kMaxEvents);
  // The oldest go first.
  EXPECT_EQ(escalation.events(0).summary(), "sign-in 5");
  EXPECT_EQ(escalation.identities_size(),
            engine::EscalationManager::kMaxIdentities);
}

TEST_F(EscalationServiceTest, Esc1DueTimesPerSeverityAndEsc9OverdueDerived) {
  const Escalation critical = Raise(v1::HOST_ISOLATION_ORG_WIDE, "incident:1");
  const Escalation high =
      Raise(v1::SYSTEM_HEALTH_DEFENDER_RTP_DISABLED, "endpoint:pc-1");
  const Escalation low = RaiseCountry("RU", alice_);
  // ESC-2 severities by type.
  EXPECT_EQ(critical.severity(), v1::CRITICAL);
  EXPECT_EQ(high.severity(), v1::HIGH);
  EXPECT_EQ(low.severity(), v1::LOW);
  // ESC-1 periods.
  EXPECT_EQ(Between(critical.create_time(), critical.due_time()),
            absl::Hours(12));
  EXPECT_EQ(Between(high.create_time(), high.due_time()), absl::Hours(48));
  EXPECT_EQ(Between(low.create_time(), low.due_time()), absl::Hours(24 * 7));

  EXPECT_THAT(Names("status = OVERDUE"), ElementsAre());
  server_.clock().Advance(absl::Hours(12) - absl::Seconds(1));
  EXPECT_EQ(Get(critical.name()).status(), Escalation::OPEN);
  // Overdue from the due time itself.
  server_.clock().Advance(absl::Seconds(1));
  EXPECT_EQ(Get(critical.name()).status(), Escalation::OVERDUE);
  EXPECT_THAT(Names("status = OVERDUE"), ElementsAre(critical.name()));
  EXPECT_THAT(Names("status = OPEN"), ElementsAre(high.name(), low.name()));

  server_.clock().Advance(absl::Hours(36));
  EXPECT_THAT(Names("status = OVERDUE"),
              ElementsAre(critical.name(), high.name()));
  server_.clock().Advance(absl::Hours(24 * 5));
  EXPECT_THAT(Names("status = OVERDUE"),
              ElementsAre(critical.name(), high.name(), low.name()));
  EXPECT_THAT(Names("status = OPEN"), ElementsAre());

  // Answered is never overdue; resolved is RESOLVED.
  Escalation out;
  ASSERT_TRUE(
      Answer(server_.bootstrap_token(), critical.name(), Acknowledge(), &out)
          .ok());
  EXPECT_EQ(out.status(), Escalation::RESOLVED);
  EXPECT_THAT(Names("status = OVERDUE"), ElementsAre(high.name(), low.name()));
  EXPECT_THAT(Names("status = RESOLVED"), ElementsAre(critical.name()));
}

TEST_F(EscalationServiceTest, Esc8RetryAnswersAreRecordedAndStopOverdue) {
  const Escalation psa =
      Raise(v1::INTEGRATION_PSA_DELIVERY_FAILED, "psa", "", "", v1::CRITICAL);
  // ESC-2: the severity of the report that failed.
  EXPECT_EQ(psa.severity(), v1::CRITICAL);
  EXPECT_THAT(psa.allowed_answers(), ElementsAre("INTEGRATION_FIXED"));
  server_.clock().Advance(absl::Hours(13));
  EXPECT_EQ(Get(psa.name()).status(), Escalation::OVERDUE);

  // No report is waiting for the PSA (this escalation was raised by hand):
  // "integration fixed" has nothing to retry and resolves it at once. The
  // retry of real pending reports is pinned in psa_delivery_test.cc.
  EscalationAnswer fixed;
  fixed.set_integration_fixed(true);
  fixed.set_note("new API key in place");
  Escalation out;
  ASSERT_TRUE(Answer(server_.bootstrap_token(), psa.name(), fixed, &out).ok());
  EXPECT_EQ(out.status(), Escalation::RESOLVED);
  EXPECT_EQ(out.resolution(), Escalation::ANSWERED);
  EXPECT_TRUE(out.answer().integration_fixed());
  EXPECT_EQ(out.answer().note(), "new API key in place");

  // Retry access waits for the re-test: open, answered, not overdue.
  const Escalation m365 =
      Raise(v1::INTEGRATION_M365_INACCESSIBLE, "tenant:contoso-tenant-id");
  server_.clock().Advance(absl::Hours(13));
  EscalationAnswer retry;
  retry.set_retry_access(true);
  ASSERT_TRUE(Answer(server_.bootstrap_token(), m365.name(), retry, &out).ok());
  EXPECT_EQ(out.status(), Escalation::OPEN);
  EXPECT_TRUE(out.answer().retry_access());
  EXPECT_EQ(Get(m365.name()).status(), Escalation::OPEN);
}

TEST_F(EscalationServiceTest, Esc8AnsweringAResolvedEscalationFails) {
  Escalation created, out;
  ASSERT_TRUE(
      Create(server_.bootstrap_token(), HostIsolation(), &created).ok());
  ASSERT_TRUE(
      Answer(server_.bootstrap_token(), created.name(), Acknowledge(), &out)
          .ok());
  EXPECT_EQ(out.status(), Escalation::RESOLVED);
  EXPECT_EQ(out.resolution(), Escalation::ANSWERED);
  EXPECT_TRUE(out.answer().acknowledge());

  grpc::Status again =
      Answer(server_.bootstrap_token(), created.name(), Acknowledge(), &out);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(again), "ESCALATION_RESOLVED");

  // The answer and the resolution are in the account's audit trail.
  const std::vector<std::string> audit = AuditSummaries(created.name());
  EXPECT_THAT(audit, ::testing::Contains(::testing::HasSubstr("answered")));
  EXPECT_THAT(audit, ::testing::Contains(::testing::HasSubstr("ANSWERED")));
  EXPECT_THAT(audit, ::testing::Contains(::testing::HasSubstr("opened")));
}

TEST_F(EscalationServiceTest, Esc8DismissClosesAndTheNextOccurrenceOpensNew) {
  const Escalation first = RaiseCountry("RU", alice_);
  Escalation out;
  ASSERT_TRUE(
      Answer(server_.bootstrap_token(), first.name(), EscalationAnswer(), &out)
          .ok());
  EXPECT_EQ(out.status(), Escalation::RESOLVED);
  EXPECT_EQ(out.resolution(), Escalation::DISMISSED);

  const Escalation next = RaiseCountry("RU", alice_);
  EXPECT_NE(next.name(), first.name());
  EXPECT_EQ(next.status(), Escalation::OPEN);
  EXPECT_THAT(Names("status = RESOLVED"), ElementsAre(first.name()));
}

TEST_F(EscalationServiceTest, Esc8LoginDecisionCreatesTheRuleAndResolves) {
  const Escalation first = RaiseCountry("RU", alice_);
  RaiseCountry("RU", bob_);
  EscalationAnswer decision;
  decision.set_determination(v1::AccessRule::EXPECTED);
  decision.set_scope(EscalationAnswer::ORGANIZATION);
  decision.set_note("the Moscow office");
  Escalation out;
  grpc::Status status =
      Answer(server_.bootstrap_token(), first.name(), decision, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.status(), Escalation::RESOLVED);
  EXPECT_EQ(out.resolution(), Escalation::RULE);
  EXPECT_EQ(out.answer().determination(), v1::AccessRule::EXPECTED);
  EXPECT_EQ(out.answer().scope(), EscalationAnswer::ORGANIZATION);
  EXPECT_EQ(Get(first.name()).status(), Escalation::RESOLVED);
  // Resolved: the subject is free again.
  EXPECT_NE(RaiseCountry("RU", alice_).name(), first.name());
}

TEST_F(EscalationServiceTest, Esc8AnswerNotAllowedNamesTheField) {
  const Escalation login = RaiseCountry("RU", alice_);
  Escalation out;
  grpc::Status status =
      Answer(server_.bootstrap_token(), login.name(), Acknowledge(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "answer.acknowledge");
  EXPECT_EQ(testing::ReasonOf(status), "ANSWER_NOT_ALLOWED");

  // A determination needs a scope.
  EscalationAnswer half;
  half.set_determination(v1::AccessRule::EXPECTED);
  status = Answer(server_.bootstrap_token(), login.name(), half, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "answer.scope");

  // Two answers at once.
  EscalationAnswer two = Acknowledge();
  two.set_retry_access(true);
  status = Answer(server_.bootstrap_token(), login.name(), two, &out);
  EXPECT_EQ(testing::BadFieldOf(status), "answer");

  // A login decision is not an answer to org-wide host isolation, and
  // dismissing (an empty answer) is not either.
  const Escalation host = Raise(v1::HOST_ISOLATION_ORG_WIDE, "incident:9");
  EscalationAnswer decision;
  decision.set_determination(v1::AccessRule::UNAUTHORIZED);
  decision.set_scope(EscalationAnswer::ACCOUNT);
  status = Answer(server_.bootstrap_token(), host.name(), decision, &out);
  EXPECT_EQ(testing::BadFieldOf(status), "answer.determination");
  EXPECT_EQ(testing::ReasonOf(status), "ANSWER_NOT_ALLOWED");
  status =
      Answer(server_.bootstrap_token(), host.name(), EscalationAnswer(), &out);
  EXPECT_EQ(testing::BadFieldOf(status), "answer");
  EXPECT_EQ(testing::ReasonOf(status), "ANSWER_NOT_ALLOWED");

  // RTP takes no answer at all: it resolves by itself.
  const Escalation rtp =
      Raise(v1::SYSTEM_HEALTH_DEFENDER_RTP_DISABLED, "endpoint:pc-1");
  EXPECT_THAT(rtp.allowed_answers(), ElementsAre());
  status = Answer(server_.bootstrap_token(), rtp.name(), Acknowledge(), &out);
  EXPECT_EQ(testing::BadFieldOf(status), "answer.acknowledge");
  EXPECT_EQ(testing::ReasonOf(status), "ANSWER_NOT_ALLOWED");

  // Bad answers changed nothing.
  EXPECT_EQ(Get(login.name()).etag(), login.etag());
  EXPECT_FALSE(Get(host.name()).has_answer());
}

TEST_F(EscalationServiceTest, Esc8StaleEtagIsAborted) {
  const Escalation first = RaiseCountry("RU", alice_);
  RaiseCountry("RU", bob_);  // changes the etag
  v1::AnswerEscalationRequest request;
  request.set_name(first.name());
  request.set_etag(first.etag());
  Escalation out;
  EXPECT_EQ(api_.escalations()
                .AnswerEscalation(Soc().get(), request, &out)
                .error_code(),
            grpc::StatusCode::ABORTED);
  request.set_etag(Get(first.name()).etag());
  EXPECT_TRUE(
      api_.escalations().AnswerEscalation(Soc().get(), request, &out).ok());
}

TEST_F(EscalationServiceTest, Esc5WhoMayDoWhat) {
  const Escalation login = RaiseCountry("RU", alice_);
  const Escalation host = Raise(v1::HOST_ISOLATION_ORG_WIDE, "incident:1");
  const std::string admin = UserToken(v1::ACCOUNT_ADMIN);
  const std::string user = UserToken(v1::ACCOUNT_USER);
  const std::string org_user = UserToken(v1::ORGANIZATION_USER);
  const std::string service = ServiceToken();
  const std::string other_account = api_.CreateAccount("Other MSP");
  const std::string other_admin = UserToken(v1::ACCOUNT_ADMIN, other_account);
  const std::string missing = account_ + "/escalations/999999";
  Escalation out;
  v1::ListEscalationsResponse listed;

  // ACCOUNT_USER: lists and reads, does not answer or create.
  ASSERT_TRUE(List(user, "", &listed).ok());
  EXPECT_EQ(listed.escalations_size(), 2);
  EXPECT_TRUE(Get(user, login.name(), &out).ok());
  EXPECT_EQ(Answer(user, host.name(), Acknowledge(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Create(user, HostIsolation(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // ACCOUNT_ADMIN: lists, reads and answers; creating is the SOC's.
  listed.Clear();
  ASSERT_TRUE(List(admin, "", &listed).ok());
  EXPECT_EQ(listed.escalations_size(), 2);
  EXPECT_TRUE(Get(admin, login.name(), &out).ok());
  EXPECT_EQ(Create(admin, HostIsolation(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Answer(admin, host.name(), Acknowledge(), &out).ok());
  EXPECT_EQ(out.status(), Escalation::RESOLVED);
  EXPECT_EQ(Get(admin, missing, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);

  ExpectOrganizationUserSeesNoEscalation(org_user, login, missing,
                                         other_account);

  // SERVICE keys only ingest telemetry.
  EXPECT_EQ(Get(service, login.name(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(List(service, "", &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Answer(service, login.name(), EscalationAnswer(), &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Create(service, HostIsolation(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Another account's admin: NOT_FOUND, as for what does not exist.
  EXPECT_EQ(Get(other_admin, login.name(), &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      Answer(other_admin, login.name(), EscalationAnswer(), &out).error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(List(other_admin, "", &listed).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(login.name()).status(), Escalation::OPEN);

  // SOC_ANALYST: everything.
  ASSERT_TRUE(Create(server_.bootstrap_token(), HostIsolation(), &out).ok());
  ASSERT_TRUE(
      Answer(server_.bootstrap_token(), login.name(), EscalationAnswer(), &out)
          .ok());
  EXPECT_EQ(out.resolution(), Escalation::DISMISSED);
}

TEST_F(EscalationServiceTest, ListFiltersAndOrdersByDueTime) {
  // Raised in this order, due in another: LOW (7 d), then CRITICAL (12 h)
  // an hour later, then HIGH (48 h) in the other organization.
  const Escalation low = RaiseCountry("RU", alice_);
  server_.clock().Advance(absl::Hours(1));
  const Escalation critical = Raise(v1::HOST_ISOLATION_ORG_WIDE, "incident:1");
  const Escalation high = Raise(v1::SYSTEM_HEALTH_DEFENDER_RTP_DISABLED,
                                "endpoint:pc-9", "", other_org_);

  EXPECT_THAT(Names(""), ElementsAre(critical.name(), high.name(), low.name()));
  EXPECT_THAT(Names("severity = LOW"), ElementsAre(low.name()));
  EXPECT_THAT(Names("type = HOST_ISOLATION_ORG_WIDE"),
              ElementsAre(critical.name()));
  EXPECT_THAT(Names("organization = \"" + other_org_ + "\""),
              ElementsAre(high.name()));
  EXPECT_THAT(Names("organization = " + org_ + " AND severity = CRITICAL"),
              ElementsAre(critical.name()));
  EXPECT_THAT(Names("status = OPEN AND type = LOGIN_UNEXPECTED_VPN"),
              ElementsAre());

  // Pages follow the same order.
  std::vector<std::string> paged;
  std::string token;
  for (int i = 0; i < 10; ++i) {
    v1::ListEscalationsRequest request;
    request.set_parent(account_);
    request.set_page_size(1);
    request.set_page_token(token);
    v1::ListEscalationsResponse page;
    ASSERT_TRUE(
        api_.escalations().ListEscalations(Soc().get(), request, &page).ok());
    for (const Escalation& e : page.escalations()) paged.push_back(e.name());
    token = page.next_page_token();
    if (token.empty()) break;
  }
  EXPECT_THAT(paged, ElementsAre(critical.name(), high.name(), low.name()));

  // Bad filters name the filter.
  v1::ListEscalationsResponse out;
  for (const std::string& filter :
       {std::string("status = LATE"), std::string("colour = red"),
        std::string("organization = accounts/999/organizations/1"),
        std::string("organization = nonsense")}) {
    grpc::Status status = List(server_.bootstrap_token(), filter, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << filter;
    EXPECT_EQ(testing::BadFieldOf(status), "filter") << filter;
  }

  // OpenEscalations: the open ones, or only the login ones.
  const core::AccountName account = *core::ParseAccountName(account_);
  absl::StatusOr<std::vector<Escalation>> open =
      server_.engine().escalations().OpenEscalations(account.account, false);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->size(), 3u);
  open = server_.engine().escalations().OpenEscalations(account.account, true);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].name(), low.name());
}

TEST_F(EscalationServiceTest, SocCreatesWithTheTypesSeverityAndValidInput) {
  Escalation input = HostIsolation();
  input.add_identities(alice_);
  Escalation created;
  ASSERT_TRUE(Create(server_.bootstrap_token(), input, &created, "req-1").ok());
  EXPECT_EQ(created.severity(), v1::CRITICAL);  // ESC-2 default
  EXPECT_EQ(created.status(), Escalation::OPEN);
  EXPECT_EQ(created.question(), input.question());
  EXPECT_THAT(created.identities(), ElementsAre(alice_));
  EXPECT_THAT(created.allowed_answers(), ElementsAre("ACKNOWLEDGE"));
  EXPECT_EQ(Between(created.create_time(), created.due_time()),
            absl::Hours(12));

  // A retry with the same request_id returns the same escalation.
  Escalation retried;
  ASSERT_TRUE(Create(server_.bootstrap_token(), input, &retried, "req-1").ok());
  EXPECT_EQ(retried.name(), created.name());
  // Without one, a person's escalation has a subject of its own.
  ASSERT_TRUE(Create(server_.bootstrap_token(), input, &retried).ok());
  EXPECT_NE(retried.name(), created.name());

  // An explicit severity is kept.
  input.set_severity(v1::LOW);
  ASSERT_TRUE(Create(server_.bootstrap_token(), input, &retried).ok());
  EXPECT_EQ(retried.severity(), v1::LOW);

  // A login escalation needs its subject; ESC-7 joins an open one.
  const Escalation raised = RaiseCountry("RU", alice_);
  Escalation login;
  login.set_type(v1::LOGIN_UNEXPECTED_COUNTRY);
  login.set_organization(org_);
  login.set_question("Is Russia expected?");
  login.set_subject("country:RU");
  login.add_identities(bob_);
  ASSERT_TRUE(Create(server_.bootstrap_token(), login, &retried).ok());
  EXPECT_EQ(retried.name(), raised.name());
  EXPECT_THAT(retried.identities(), ElementsAre(alice_, bob_));
}

TEST_F(EscalationServiceTest, SocCreateRefusesBadInputNamingTheField) {
  struct Bad {
    std::function<void(Escalation*)> change;
    std::string field;
  };
  const std::vector<Bad> bad = {
      {[](Escalation* e) { e->set_type(v1::ESCALATION_TYPE_UNSPECIFIED); },
       "escalation.type"},
      // ISO-14: only the blast-radius guard knows what is held.
      {[](Escalation* e) { e->set_type(v1::ISOLATION_CAP_REACHED); },
       "escalation.type"},
      {[](Escalation* e) { e->set_severity(static_cast<v1::Severity>(9)); },
       "escalation.severity"},
      {[](Escalation* e) { e->clear_question(); }, "escalation.question"},
      {[](Escalation* e) { e->set_question(std::string(2001, 'q')); },
       "escalation.question"},
      {[](Escalation* e) { e->clear_organization(); },
       "escalation.organization"},
      {[this](Escalation* e) {
         e->set_organization(account_ + "/organizations/999999");
         e->clear_identities();
       },
       "escalation.organization"},
      {[](Escalation* e) {
         e->set_type(v1::LOGIN_UNEXPECTED_VPN);
         e->clear_subject();
       },
       "escalation.subject"},
      {[](Escalation* e) {
         e->set_type(v1::LOGIN_UNEXPECTED_COUNTRY);
         e->set_subject("country:ru");
       },
       "escalation.subject"},
      {[this](Escalation* e) { e->add_identities(alice_); },
       "escalation.identities[1]"},
      {[this](Escalation* e) {
         e->add_identities(org_ + "/identities/999999");
       },
       "escalation.identities[1]"},
  };
  for (const Bad& b : bad) {
    Escalation changed = HostIsolation();
    changed.add_identities(alice_);
    b.change(&changed);
    Escalation out;
    grpc::Status status = Create(server_.bootstrap_token(), changed, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << b.field;
    EXPECT_EQ(testing::BadFieldOf(status), b.field);
  }
}

}  // namespace escalation_service_test
}  // namespace cordon
