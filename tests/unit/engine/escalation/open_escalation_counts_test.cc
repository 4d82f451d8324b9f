// Issue 14's cordon_escalations_open{type, severity, overdue} on a real
// RocksDB in a temporary directory and a fake clock: each step of an
// escalation's life (ESC-7 open and join, ESC-1 due time, ESC-8 answer and
// failed retry, resolution) and a restart, which counts again from one scan
// of the store. Every series of the family is compared at each step, so a
// count that is off anywhere fails.

#include "server/engine/escalation/open_escalation_counts.h"

#include <chrono>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cordon/v1/account.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/engine/engine.h"
#include "server/store/etcd/etcd_database.h"
#include "server/store/rocks/rocks_database.h"
#include "testing/fake_clock.h"
#include "testing/fake_entropy.h"
#include "testing/temp_dir.h"
#include "tests/process/etcd_cluster.h"

namespace cordon::engine {
namespace open_escalation_counts_test {

using v1::Escalation;

// type, severity, overdue ("true"/"false") -> value.
using Gauge =
    std::map<std::tuple<std::string, std::string, std::string>, double>;

class FixedRandom final : public ports::RandomSource {
 public:
  double Uniform01() override { return 0.5; }
};

const Actor kAdmin{"apiKeys/1", "", "test"};
constexpr char kTenant[] = "tenant:00000000-0000-0000-0000-0000000000aa";
constexpr char kCountry[] = "LOGIN_UNEXPECTED_COUNTRY";
constexpr char kM365[] = "INTEGRATION_M365_INACCESSIBLE";

// The samples of cordon_escalations_open in `scrape`.
Gauge OpenGauge(const std::string& scrape) {
  Gauge gauge;
  std::istringstream lines(scrape);
  const std::string prefix = "cordon_escalations_open{type=\"";
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) != 0) continue;
    std::string type, severity, overdue;
    std::istringstream fields(line.substr(prefix.size()));
    std::getline(fields, type, '"');
    fields.ignore(std::string(",severity=\"").size());
    std::getline(fields, severity, '"');
    fields.ignore(std::string(",overdue=\"").size());
    std::getline(fields, overdue, '"');
    fields.ignore(2);  // "} "
    double value = -1;
    fields >> value;
    gauge[{type, severity, overdue}] = value;
  }
  return gauge;
}

// Every type and severity, overdue or not, at 0 but for `nonzero`.
Gauge Expected(const Gauge& nonzero) {
  Gauge gauge;
  for (int type = v1::EscalationType_MIN + 1; type <= v1::EscalationType_MAX;
       ++type) {
    if (!v1::EscalationType_IsValid(type)) continue;
    for (const char* severity : {"LOW", "HIGH", "CRITICAL"}) {
      for (const char* overdue : {"false", "true"}) {
        gauge[{v1::EscalationType_Name(type), severity, overdue}] = 0;
      }
    }
  }
  for (const auto& [series, value] : nonzero) gauge[series] = value;
  return gauge;
}

class OpenEscalationCountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    Open();
    v1::Account account;
    account.set_display_name("MSP");
    auto created = engine_->accounts().Create(kAdmin, account, {});
    ASSERT_TRUE(created.ok()) << created.status();
    account_ = core::ParseAccountName(created->account().name())->account;
    v1::Organization organization;
    organization.set_display_name("Contoso");
    auto org =
        engine_->organizations().Create(kAdmin, account_, organization, {});
    ASSERT_TRUE(org.ok()) << org.status();
    org_ = core::ParseOrganizationName(org->name())->organization;
  }

  void Open() {
    auto db = store::RocksDatabase::Open(dir_.path());
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    engine_ = std::make_unique<Engine>(
        db_.get(), Ports{&clock_, &entropy_, nullptr, &random_});
  }
  // Closes the database and opens it again: a process restart, whose
  // engine counts from its one scan.
  void Restart() {
    engine_.reset();
    db_.reset();
    Open();
  }

  // ESC-2's trigger, as the workflows raise it: opens or joins (ESC-7).
  Escalation Raise(v1::EscalationType type, const std::string& subject) {
    EscalationOccurrence occurrence;
    occurrence.account = account_;
    occurrence.organization = org_;
    occurrence.type = type;
    occurrence.subject = subject;
    occurrence.event.set_subject(subject);
    occurrence.event.set_summary("seen");
    std::unique_ptr<store::Transaction> txn = db_->Begin();
    auto raised = engine_->escalations().Raise(*txn, occurrence);
    EXPECT_TRUE(raised.ok()) << raised.status();
    EXPECT_TRUE(txn->Commit().ok());
    return raised.value_or(Escalation());
  }

  void Answer(const Escalation& escalation,
              const v1::EscalationAnswer& answer) {
    auto answered = engine_->escalation_answerer().Answer(
        kAdmin, escalation.name(), answer, "");
    ASSERT_TRUE(answered.ok()) << answered.status();
  }

  // What a retry that an answer asked for does when it fails (ESC-8).
  void FailRetry(const Escalation& escalation) {
    std::unique_ptr<store::Transaction> txn = db_->Begin();
    ASSERT_TRUE(engine_->escalations()
                    .ReopenAfterFailedRetry(*txn, escalation.name(), "AADSTS")
                    .ok());
    ASSERT_TRUE(txn->Commit().ok());
  }

  Gauge Scrape() { return OpenGauge(engine_->metrics().Scrape()); }
  Escalation::Status StatusOf(const Escalation& escalation) {
    auto got = engine_->escalations().Get(escalation.name());
    EXPECT_TRUE(got.ok()) << got.status();
    return got.ok() ? got->status() : Escalation::STATUS_UNSPECIFIED;
  }

  testing::TempDir dir_{testing::TempDir::Where::kMemoryIfAvailable};
  ports::FakeClock clock_;
  ports::SeededEntropy entropy_{7};
  FixedRandom random_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Engine> engine_;
  uint64_t account_ = 0;
  uint64_t org_ = 0;
};

TEST_F(OpenEscalationCountsTest, EveryTypeAndSeverityIsExportedAtZero) {
  EXPECT_EQ(Scrape(), Expected({}));
  EXPECT_EQ(Scrape().size(), 7u * 3u * 2u);
}

// ESC-7: a repeated trigger joins the open escalation; it is counted once.
TEST_F(OpenEscalationCountsTest, OpeningCountsOnceAndAJoinAddsNothing) {
  Raise(v1::LOGIN_UNEXPECTED_COUNTRY, "country:RU");
  Raise(v1::LOGIN_UNEXPECTED_COUNTRY, "country:RU");
  Raise(v1::LOGIN_UNEXPECTED_COUNTRY, "country:CN");
  Raise(v1::INTEGRATION_M365_INACCESSIBLE, kTenant);
  EXPECT_EQ(Scrape(), Expected({{{kCountry, "LOW", "false"}, 2},
                                {{kM365, "CRITICAL", "false"}, 1}}));
}

// ESC-1, ESC-9: overdue from the due time on (CRITICAL 12 h), exactly when
// GetEscalation shows OVERDUE; a clock set back (a real clock may step)
// counts it out again.
TEST_F(OpenEscalationCountsTest, OverdueFromTheDueTimeOnAsGetShowsIt) {
  const Escalation m365 = Raise(v1::INTEGRATION_M365_INACCESSIBLE, kTenant);
  const absl::Time opened = clock_.Now();
  clock_.Set(opened + absl::Hours(12) - absl::Microseconds(1));
  EXPECT_EQ(StatusOf(m365), Escalation::OPEN);
  EXPECT_EQ(Scrape(), Expected({{{kM365, "CRITICAL", "false"}, 1}}));
  clock_.Set(opened + absl::Hours(12));
  EXPECT_EQ(StatusOf(m365), Escalation::OVERDUE);
  EXPECT_EQ(Scrape(), Expected({{{kM365, "CRITICAL", "true"}, 1}}));
  clock_.Set(opened + absl::Hours(11));
  EXPECT_EQ(Scrape(), Expected({{{kM365, "CRITICAL", "false"}, 1}}));
}

// ESC-8: an answer that waits for a retry leaves the escalation open but
// never overdue; a failed retry makes it unanswered, so overdue, again.
TEST_F(OpenEscalationCountsTest,
       AnAnswerEndsOverdueAndAFailedRetryBringsItBack) {
  const Escalation m365 = Raise(v1::INTEGRATION_M365_INACCESSIBLE, kTenant);
  clock_.Set(clock_.Now() + absl::Hours(13));
  EXPECT_EQ(Scrape(), Expected({{{kM365, "CRITICAL", "true"}, 1}}));
  v1::EscalationAnswer retry;
  retry.set_retry_access(true);
  ASSERT_NO_FATAL_FAILURE(Answer(m365, retry));
  EXPECT_EQ(StatusOf(m365), Escalation::OPEN);
  EXPECT_EQ(Scrape(), Expected({{{kM365, "CRITICAL", "false"}, 1}}));
  ASSERT_NO_FATAL_FAILURE(FailRetry(m365));
  EXPECT_EQ(StatusOf(m365), Escalation::OVERDUE);
  EXPECT_EQ(Scrape(), Expected({{{kM365, "CRITICAL", "true"}, 1}}));
}

// Issue 14's whole walk: two types and severities, a deadline passed, one
// dismissed (ESC-8), one answered, a restart (the one scan), then the LOW
// ones' 7 days passed on the restarted engine.
TEST_F(OpenEscalationCountsTest, ExactAtEveryStepAndAfterARestart) {
  const Escalation ru = Raise(v1::LOGIN_UNEXPECTED_COUNTRY, "country:RU");
  Raise(v1::LOGIN_UNEXPECTED_COUNTRY, "country:CN");
  const Escalation m365 = Raise(v1::INTEGRATION_M365_INACCESSIBLE, kTenant);
  const absl::Time opened = clock_.Now();
  EXPECT_EQ(Scrape(), Expected({{{kCountry, "LOW", "false"}, 2},
                                {{kM365, "CRITICAL", "false"}, 1}}));
  clock_.Set(opened + absl::Hours(12));
  const Gauge critical_overdue = Expected(
      {{{kCountry, "LOW", "false"}, 2}, {{kM365, "CRITICAL", "true"}, 1}});
  EXPECT_EQ(Scrape(), critical_overdue);

  ASSERT_NO_FATAL_FAILURE(Answer(ru, v1::EscalationAnswer()));  // dismissed
  EXPECT_EQ(StatusOf(ru), Escalation::RESOLVED);
  const Gauge one_dismissed = Expected(
      {{{kCountry, "LOW", "false"}, 1}, {{kM365, "CRITICAL", "true"}, 1}});
  EXPECT_EQ(Scrape(), one_dismissed);
  ASSERT_NO_FATAL_FAILURE(Restart());
  EXPECT_EQ(Scrape(), one_dismissed);

  v1::EscalationAnswer retry;
  retry.set_retry_access(true);
  ASSERT_NO_FATAL_FAILURE(Answer(m365, retry));
  const Gauge answered = Expected(
      {{{kCountry, "LOW", "false"}, 1}, {{kM365, "CRITICAL", "false"}, 1}});
  EXPECT_EQ(Scrape(), answered);
  ASSERT_NO_FATAL_FAILURE(Restart());
  EXPECT_EQ(Scrape(), answered);

  clock_.Set(opened + absl::Hours(7 * 24));
  EXPECT_EQ(Scrape(), Expected({{{kCountry, "LOW", "true"}, 1},
                                {{kM365, "CRITICAL", "false"}, 1}}));
}

// Issue 15: two servers on one real etcd. The one that writes nothing
// counts the other's escalations too (its store's feed tells it of each
// escalation row written), so every replica's scrape shows the same.
TEST(OpenEscalationCountsOnEtcdTest, Issue15AReplicaCountsAnotherOnesWrites) {
  testing::TempDir dir;
  auto cluster = process_testing::EtcdCluster::Start(dir.path(), 1);
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  ports::FakeClock clock;
  ports::SeededEntropy entropy{7};
  FixedRandom random;
  std::vector<std::unique_ptr<store::Database>> dbs;
  std::vector<std::unique_ptr<Engine>> engines;
  for (int replica = 0; replica < 2; ++replica) {
    store::EtcdDatabaseOptions options;
    options.client.endpoints = (*cluster)->endpoints();
    auto db = store::EtcdDatabase::Open(std::move(options));
    ASSERT_TRUE(db.ok()) << db.status();
    dbs.push_back(std::move(*db));
    engines.push_back(std::make_unique<Engine>(
        dbs.back().get(), Ports{&clock, &entropy, nullptr, &random}));
  }
  Engine& writer = *engines[0];
  Engine& reader = *engines[1];
  v1::Account account;
  account.set_display_name("MSP");
  auto created = writer.accounts().Create(kAdmin, account, {});
  ASSERT_TRUE(created.ok()) << created.status();
  v1::Organization organization;
  organization.set_display_name("Contoso");
  const uint64_t account_id =
      core::ParseAccountName(created->account().name())->account;
  auto org =
      writer.organizations().Create(kAdmin, account_id, organization, {});
  ASSERT_TRUE(org.ok()) << org.status();

  for (const char* country : {"country:RU", "country:CN"}) {
    EscalationOccurrence occurrence;
    occurrence.account = account_id;
    occurrence.organization =
        core::ParseOrganizationName(org->name())->organization;
    occurrence.type = v1::LOGIN_UNEXPECTED_COUNTRY;
    occurrence.subject = country;
    occurrence.event.set_subject(country);
    occurrence.event.set_summary("seen");
    std::unique_ptr<store::Transaction> txn = dbs[0]->Begin();
    ASSERT_TRUE(writer.escalations().Raise(*txn, occurrence).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  const Gauge expected = Expected({{{kCountry, "LOW", "false"}, 2}});
  EXPECT_EQ(OpenGauge(writer.metrics().Scrape()), expected);
  const auto until =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  Gauge seen;
  while ((seen = OpenGauge(reader.metrics().Scrape())) != expected &&
         std::chrono::steady_clock::now() < until) {
    std::this_thread::yield();
  }
  EXPECT_EQ(seen, expected);
}

}  // namespace open_escalation_counts_test
}  // namespace cordon::engine
