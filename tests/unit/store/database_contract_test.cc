// The promises of store::Database and store::Transaction that the engine
// builds on (DESIGN rules 1 and 4): atomic commits, rollback of what is not
// committed, locks on reads for update that end in a retryable conflict,
// bytewise-ordered bounded scans, ids never reused across a restart. Every
// backend runs this suite: add it to kBackends.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cordon/store/records.pb.h"
#include "gtest/gtest.h"
#include "server/store/conflict.h"
#include "server/store/database.h"
#include "server/store/etcd/etcd_database.h"
#include "server/store/event_row.h"
#include "server/store/keys.h"
#include "server/store/leadership.h"
#include "server/store/rocks/rocks_database.h"
#include "server/store/transaction.h"
#include "testing/temp_dir.h"
#include "tests/process/etcd_cluster.h"

namespace cordon::store {
namespace database_contract_test {

// Opens (or reopens) the backend's database in a directory. Ids are handed
// out in small blocks so that the tests cross block boundaries.
using Opener = std::function<absl::StatusOr<std::unique_ptr<Database>>(
    const std::string&)>;

struct Backend {
  std::string name;
  Opener open;
  // Opens a second handle on the same store, as another replica would;
  // null for a backend only one process opens (RocksDB). Within one handle
  // both backends lock: a read that waits too long on another
  // transaction's lock ends in a conflict. Across replicas (etcd) reads
  // never wait; a commit after another changed a row it read fails.
  Opener open_replica;
  // Starts a new leader term (store/leadership.h) as a newly elected
  // server would; null for a backend only one process opens (RocksDB),
  // which ignores fences.
  std::function<absl::StatusOr<LeaderTerm>(Database*)> new_term;
};
void PrintTo(const Backend& backend, std::ostream* out) {
  *out << backend.name;
}

absl::StatusOr<std::unique_ptr<Database>> OpenRocks(const std::string& dir) {
  RocksDatabaseOptions options;
  options.id_block_size = 3;
  options.lock_timeout_ms = 20;  // a held lock is reported quickly
  absl::StatusOr<std::unique_ptr<RocksDatabase>> db =
      RocksDatabase::Open(dir, options);
  if (!db.ok()) return db.status();
  return std::unique_ptr<Database>(std::move(*db));
}

// One single-member etcd cluster for the whole suite; each test keeps its
// rows under its own root (its temp dir's path), so reopening finds them.
absl::StatusOr<std::unique_ptr<Database>> OpenEtcd(const std::string& dir) {
  absl::StatusOr<const process_testing::EtcdCluster*> cluster =
      process_testing::SharedEtcdCluster();
  if (!cluster.ok()) return cluster.status();
  EtcdDatabaseOptions options;
  options.client.endpoints = (*cluster)->endpoints();
  options.root = dir + "/";
  options.id_block_size = 3;
  options.local_lock_wait = std::chrono::milliseconds(20);
  absl::StatusOr<std::unique_ptr<EtcdDatabase>> db =
      EtcdDatabase::Open(std::move(options));
  if (!db.ok()) return db.status();
  return std::unique_ptr<Database>(std::move(*db));
}

absl::StatusOr<LeaderTerm> NewEtcdTerm(Database* db) {
  return process_testing::StartNewLeaderTerm(*static_cast<EtcdDatabase*>(db));
}

const Backend kBackends[] = {{.name = "RocksDB",
                              .open = OpenRocks,
                              .open_replica = nullptr,
                              .new_term = nullptr},
                             {.name = "etcd",
                              .open = OpenEtcd,
                              .open_replica = OpenEtcd,
                              .new_term = NewEtcdTerm}};

class DatabaseContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    Reopen();
  }
  void TearDown() override { db_.reset(); }
  void Reopen() {
    db_.reset();
    auto db = GetParam().open(dir_.path());
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }

  // Another replica's handle on the same store; null when the backend has
  // none.
  std::unique_ptr<Database> OpenReplica() {
    if (!GetParam().open_replica) return nullptr;
    auto db = GetParam().open_replica(dir_.path());
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }

  void Write(Family family, const std::string& key, const std::string& value) {
    std::unique_ptr<Transaction> txn = db_->Begin();
    txn->PutRaw(family, key, value);
    ASSERT_TRUE(txn->Commit().ok());
  }
  // The keys Scan visits, in visiting order.
  std::vector<std::string> Keys(absl::string_view prefix,
                                absl::string_view start_after, bool reverse,
                                size_t limit = 100) const {
    std::vector<std::string> keys;
    absl::Status status =
        db_->Scan(Family::kAudit, prefix, start_after, reverse,
                  [&](absl::string_view key, absl::string_view) {
                    keys.emplace_back(key);
                    return keys.size() < limit;
                  });
    EXPECT_TRUE(status.ok()) << status;
    return keys;
  }

  cordon::testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_P(DatabaseContractTest, CommittedWritesAreReadBackAndDeletesRemoveThem) {
  Write(Family::kUsers, "k", "v");
  absl::StatusOr<std::string> read = db_->Get(Family::kUsers, "k");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, "v");
  // Families are separate key spaces.
  EXPECT_TRUE(absl::IsNotFound(db_->Get(Family::kAccounts, "k").status()));

  std::unique_ptr<Transaction> txn = db_->Begin();
  txn->Delete(Family::kUsers, "k");
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_TRUE(absl::IsNotFound(db_->Get(Family::kUsers, "k").status()));
}

TEST_P(DatabaseContractTest, AnUncommittedTransactionLeavesNothingBehind) {
  Write(Family::kUsers, "kept", "before");
  {
    std::unique_ptr<Transaction> txn = db_->Begin();
    txn->PutRaw(Family::kUsers, "kept", "after");
    txn->PutRaw(Family::kUsers, "new", "x");
    // Destroyed without Commit.
  }
  EXPECT_EQ(*db_->Get(Family::kUsers, "kept"), "before");
  EXPECT_TRUE(absl::IsNotFound(db_->Get(Family::kUsers, "new").status()));
}

TEST_P(DatabaseContractTest,
       WritesAreInvisibleOutsideUntilCommitThenAllAtOnce) {
  std::unique_ptr<Transaction> txn = db_->Begin();
  txn->PutRaw(Family::kUsers, "a", "1");
  txn->PutRaw(Family::kAccounts, "b", "2");
  EXPECT_TRUE(absl::IsNotFound(db_->Get(Family::kUsers, "a").status()));
  // A transaction reads its own writes.
  std::string value;
  ASSERT_TRUE(*txn->GetRawForUpdate(Family::kUsers, "a", &value));
  EXPECT_EQ(value, "1");
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(*db_->Get(Family::kUsers, "a"), "1");
  EXPECT_EQ(*db_->Get(Family::kAccounts, "b"), "2");
}

TEST_P(DatabaseContractTest, ReadForUpdateReportsAbsenceAndParsesMessages) {
  std::unique_ptr<Transaction> txn = db_->Begin();
  IsolationRecord record;
  absl::StatusOr<bool> found =
      txn->GetForUpdate(Family::kIsolation, "i", &record);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_FALSE(*found);

  record.set_epoch(7);
  txn->Put(Family::kIsolation, "i", record);
  txn->PutRaw(Family::kIsolation, "garbage", "\xff\xff\xff");
  ASSERT_TRUE(txn->Commit().ok());

  txn = db_->Begin();
  IsolationRecord read;
  ASSERT_TRUE(*txn->GetForUpdate(Family::kIsolation, "i", &read));
  EXPECT_EQ(read.epoch(), 7u);
  EXPECT_TRUE(absl::IsDataLoss(
      txn->GetForUpdate(Family::kIsolation, "garbage", &read).status()));
}

// Two read-modify-writes of one row never both commit. Through one handle
// the second is refused at its read, once its lock wait runs out; from
// another replica (etcd) it reads, and is refused at its commit, after the
// first committed. Either way a conflict, which store::Transact retries.
TEST_P(DatabaseContractTest, ALockedRowEndsInARetryableConflictNotALostUpdate) {
  Write(Family::kUsers, "row", "0");
  std::unique_ptr<Transaction> holder = db_->Begin();
  std::string value;
  ASSERT_TRUE(*holder->GetRawForUpdate(Family::kUsers, "row", &value));
  std::unique_ptr<Transaction> other = db_->Begin();
  absl::StatusOr<bool> second =
      other->GetRawForUpdate(Family::kUsers, "row", &value);
  EXPECT_TRUE(IsConflict(second.status())) << second.status();

  // The absence of a row is guarded too: a concurrent insert loses.
  ASSERT_FALSE(*holder->GetRawForUpdate(Family::kUsers, "absent", &value));
  std::unique_ptr<Transaction> inserter = db_->Begin();
  absl::StatusOr<bool> insert =
      inserter->GetRawForUpdate(Family::kUsers, "absent", &value);
  EXPECT_TRUE(IsConflict(insert.status())) << insert.status();

  std::unique_ptr<Database> replica = OpenReplica();
  std::unique_ptr<Transaction> remote, remote_inserter;
  if (replica != nullptr) {
    remote = replica->Begin();
    EXPECT_TRUE(*remote->GetRawForUpdate(Family::kUsers, "row", &value));
    remote_inserter = replica->Begin();
    EXPECT_FALSE(
        *remote_inserter->GetRawForUpdate(Family::kUsers, "absent", &value));
  }
  holder->PutRaw(Family::kUsers, "row", "1");
  holder->PutRaw(Family::kUsers, "absent", "by holder");
  ASSERT_TRUE(holder->Commit().ok());
  if (replica != nullptr) {
    remote->PutRaw(Family::kUsers, "row", "lost update");
    EXPECT_TRUE(IsConflict(remote->Commit()));
    remote_inserter->PutRaw(Family::kUsers, "absent", "lost insert");
    EXPECT_TRUE(IsConflict(remote_inserter->Commit()));
  }
  std::unique_ptr<Transaction> after = db_->Begin();
  ASSERT_TRUE(*after->GetRawForUpdate(Family::kUsers, "row", &value));
  EXPECT_EQ(value, "1");
  ASSERT_TRUE(*after->GetRawForUpdate(Family::kUsers, "absent", &value));
  EXPECT_EQ(value, "by holder");
}

// Issue 14: creates in one organization share its row, and an update of it
// never interleaves with them. Through one handle the update waits for the
// sharers, and they for it. Across replicas (etcd) sharers never conflict
// with each other, and a sharer that commits after the update fails.
TEST_P(DatabaseContractTest, ASharedLockAdmitsSharersAndShutsOutAnUpdate) {
  // First: the transactions below must not outlive their database.
  std::unique_ptr<Database> replica = OpenReplica();
  Write(Family::kOrganizations, "org", "v1");
  std::unique_ptr<Transaction> first = db_->Begin();
  std::unique_ptr<Transaction> second = db_->Begin();
  std::string value;
  ASSERT_TRUE(*first->GetRawForShare(Family::kOrganizations, "org", &value));
  EXPECT_EQ(value, "v1");
  ASSERT_TRUE(*second->GetRawForShare(Family::kOrganizations, "org", &value));
  first->PutRaw(Family::kIdentities, "child1", "");
  second->PutRaw(Family::kIdentities, "child2", "");
  std::unique_ptr<Transaction> updater = db_->Begin();
  EXPECT_TRUE(
      IsConflict(updater->GetRawForUpdate(Family::kOrganizations, "org", &value)
                     .status()));
  ASSERT_TRUE(first->Commit().ok());
  EXPECT_TRUE(
      IsConflict(updater->GetRawForUpdate(Family::kOrganizations, "org", &value)
                     .status()));
  ASSERT_TRUE(second->Commit().ok());
  ASSERT_TRUE(*updater->GetRawForUpdate(Family::kOrganizations, "org", &value));

  // Held for update, it shuts out a sharer in turn.
  std::unique_ptr<Transaction> sharer = db_->Begin();
  EXPECT_TRUE(IsConflict(
      sharer->GetRawForShare(Family::kOrganizations, "org", &value).status()));
  updater.reset();
  if (replica == nullptr) return;
  first = db_->Begin();
  second = replica->Begin();
  ASSERT_TRUE(*first->GetRawForShare(Family::kOrganizations, "org", &value));
  ASSERT_TRUE(*second->GetRawForShare(Family::kOrganizations, "org", &value));
  first->PutRaw(Family::kIdentities, "child3", "");
  second->PutRaw(Family::kIdentities, "child4", "");
  ASSERT_TRUE(first->Commit().ok());
  updater = db_->Begin();
  ASSERT_TRUE(*updater->GetRawForUpdate(Family::kOrganizations, "org", &value));
  updater->PutRaw(Family::kOrganizations, "org", "v2");
  ASSERT_TRUE(updater->Commit().ok());
  EXPECT_TRUE(IsConflict(second->Commit()));
  EXPECT_TRUE(db_->Get(Family::kIdentities, "child3").ok());
  EXPECT_TRUE(
      absl::IsNotFound(db_->Get(Family::kIdentities, "child4").status()));

  // The other way round: a sharer that commits between an updater's read
  // and its commit fails the updater, though it never wrote the row (an
  // organization deleted while a user is bound to it).
  std::unique_ptr<Transaction> deleter = db_->Begin();
  ASSERT_TRUE(*deleter->GetRawForUpdate(Family::kOrganizations, "org", &value));
  std::unique_ptr<Transaction> creator = replica->Begin();
  ASSERT_TRUE(*creator->GetRawForShare(Family::kOrganizations, "org", &value));
  creator->PutRaw(Family::kUsers, "bound to org", "");
  ASSERT_TRUE(creator->Commit().ok());
  deleter->Delete(Family::kOrganizations, "org");
  EXPECT_TRUE(IsConflict(deleter->Commit()));
}

// A row locked for update and never written (ESC-7's join stripes) still
// serializes its lockers: the later one never commits as if the earlier
// had not, through one handle or from another replica.
TEST_P(DatabaseContractTest, ALockOnlyRowSerializesItsLockers) {
  // First: the transactions below must not outlive their database.
  std::unique_ptr<Database> replica = OpenReplica();
  std::unique_ptr<Transaction> first = db_->Begin();
  std::unique_ptr<Transaction> second = db_->Begin();
  std::string value;
  ASSERT_FALSE(*first->GetRawForUpdate(Family::kIndex, "stripe", &value));
  absl::StatusOr<bool> locked =
      second->GetRawForUpdate(Family::kIndex, "stripe", &value);
  EXPECT_TRUE(IsConflict(locked.status())) << locked.status();

  if (replica == nullptr) return;
  second = replica->Begin();
  ASSERT_FALSE(*second->GetRawForUpdate(Family::kIndex, "stripe", &value));
  first->PutRaw(Family::kUsers, "joined by first", "");
  second->PutRaw(Family::kUsers, "joined by second", "");
  ASSERT_TRUE(first->Commit().ok());
  EXPECT_TRUE(IsConflict(second->Commit()));
  EXPECT_TRUE(absl::IsNotFound(
      db_->Get(Family::kIndex, "stripe").status()));  // still no row
}

// Issue 15: what a server records for a leader term is written only while
// that term holds, so a server that lost the lead records nothing after
// the next one took over; a conflict under a fence is still a conflict.
TEST_P(DatabaseContractTest, AFencedCommitWritesOnlyWhileItsTermHolds) {
  auto commit = [&](LeaderTerm term, const std::string& key, bool event) {
    std::unique_ptr<Transaction> txn = db_->Begin();
    txn->FenceWith(term);
    txn->PutRaw(Family::kUsers, key, "v");
    if (event) txn->AppendEvent({.account = 1, .value = key});
    return txn->Commit();
  };
  if (!GetParam().new_term) {  // one process: its one term always holds
    EXPECT_TRUE(commit(LeaderTerm{1}, "sole", false).ok());
    EXPECT_TRUE(db_->Get(Family::kUsers, "sole").ok());
    return;
  }
  absl::StatusOr<LeaderTerm> first = GetParam().new_term(db_.get());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(commit(*first, "first", false).ok());
  EXPECT_TRUE(commit(*first, "first+event", true).ok());

  absl::StatusOr<LeaderTerm> second = GetParam().new_term(db_.get());
  ASSERT_TRUE(second.ok()) << second.status();
  for (bool event : {false, true}) {
    const absl::Status late = commit(*first, "late", event);
    EXPECT_TRUE(IsLeadershipLost(late)) << late;
    EXPECT_FALSE(IsConflict(late));
  }
  EXPECT_TRUE(absl::IsNotFound(db_->Get(Family::kUsers, "late").status()));
  EXPECT_TRUE(commit(*second, "second", true).ok());
  EXPECT_TRUE(commit(LeaderTerm{}, "unfenced", false).ok());

  // Fenced commits of events racing for cursors: each one that loses the
  // race takes the next cursors and commits (not a lost term, not a
  // conflict).
  std::vector<std::thread> racers;
  for (int r = 0; r < 4; ++r) {
    racers.emplace_back([&, r] {
      for (int i = 0; i < 5; ++i) {
        const absl::Status status =
            commit(*second, absl::StrCat("racer", r, "-", i), true);
        EXPECT_TRUE(status.ok()) << status;
      }
    });
  }
  for (std::thread& racer : racers) racer.join();

  // Two fenced read-modify-writes of one row, on two replicas: the later
  // one conflicts.
  std::unique_ptr<Database> replica = OpenReplica();
  ASSERT_NE(replica, nullptr);
  std::unique_ptr<Transaction> one = db_->Begin();
  std::unique_ptr<Transaction> two = replica->Begin();
  std::string value;
  one->FenceWith(*second);
  two->FenceWith(*second);
  ASSERT_TRUE(*one->GetRawForUpdate(Family::kUsers, "second", &value));
  ASSERT_TRUE(*two->GetRawForUpdate(Family::kUsers, "second", &value));
  one->PutRaw(Family::kUsers, "second", "one");
  two->PutRaw(Family::kUsers, "second", "two");
  ASSERT_TRUE(one->Commit().ok());
  EXPECT_TRUE(IsConflict(two->Commit()));
}

// A read through a transaction sees its own writes, takes no lock, and
// otherwise sees what is committed (the joins of ESC-7, issue 14).
TEST_P(DatabaseContractTest, ARawReadSeesOwnWritesWithoutLocking) {
  Write(Family::kUsers, "row", "committed");
  std::unique_ptr<Transaction> reader = db_->Begin();
  std::string value;
  ASSERT_TRUE(*reader->GetRaw(Family::kUsers, "row", &value));
  EXPECT_EQ(value, "committed");
  std::unique_ptr<Transaction> writer = db_->Begin();
  ASSERT_TRUE(*writer->GetRawForUpdate(Family::kUsers, "row", &value));
  writer->PutRaw(Family::kUsers, "row", "mine");
  ASSERT_TRUE(*writer->GetRaw(Family::kUsers, "row", &value));
  EXPECT_EQ(value, "mine");
  writer->Delete(Family::kUsers, "row");
  EXPECT_FALSE(*writer->GetRaw(Family::kUsers, "row", &value));
  ASSERT_TRUE(*reader->GetRaw(Family::kUsers, "row", &value));
  EXPECT_EQ(value, "committed");
}

// Issue 14: what a write exports (a histogram observation) counts once,
// and only for a change that committed.
TEST_P(DatabaseContractTest, AfterCommitRunsOnceAndOnlyForACommit) {
  int ran = 0;
  {
    std::unique_ptr<Transaction> abandoned = db_->Begin();
    abandoned->PutRaw(Family::kUsers, "a", "x");
    abandoned->AfterCommit([&] { ++ran; });
  }
  EXPECT_EQ(ran, 0);
  for (bool with_event : {false, true}) {
    std::unique_ptr<Transaction> txn = db_->Begin();
    txn->PutRaw(Family::kUsers, "b", "y");
    if (with_event) txn->AppendEvent({.account = 1, .value = "e"});
    txn->AfterCommit([&] { ++ran; });
    EXPECT_EQ(ran, with_event ? 1 : 0);
    ASSERT_TRUE(txn->Commit().ok());
    EXPECT_EQ(ran, with_event ? 2 : 1);
  }
}

TEST_P(DatabaseContractTest, ScansStayInsideThePrefixInBytewiseOrder) {
  for (const char* key : {"a", "b1", "b2", "b\xff", "b3", "c"}) {
    Write(Family::kAudit, key, "");
  }
  Write(Family::kUsers, "b0", "");  // another family: never visited
  EXPECT_EQ(Keys("b", "", false),
            (std::vector<std::string>{"b1", "b2", "b3", "b\xff"}));
  EXPECT_EQ(Keys("b", "", true),
            (std::vector<std::string>{"b\xff", "b3", "b2", "b1"}));
  EXPECT_EQ(Keys("b", "b2", false), (std::vector<std::string>{"b3", "b\xff"}));
  EXPECT_EQ(Keys("b", "b2", true), (std::vector<std::string>{"b1"}));
  // A start key that is not stored resumes after where it would sort.
  EXPECT_EQ(Keys("b", "b25", false), (std::vector<std::string>{"b3", "b\xff"}));
  EXPECT_EQ(Keys("b", "", false, 2), (std::vector<std::string>{"b1", "b2"}));
  EXPECT_EQ(Keys("", "", false).size(), 6u);
  EXPECT_TRUE(Keys("d", "", false).empty());
}

TEST_P(DatabaseContractTest, BigEndianIdsSortNumerically) {
  for (uint64_t id : {300u, 2u, 70000u, 1u}) {
    Write(Family::kAudit, KeyOf({5, id}), "");
  }
  std::vector<uint64_t> ids;
  for (const std::string& key : Keys(KeyOf({5}), "", false)) {
    ids.push_back(*ReadUint64(key, 8));
  }
  EXPECT_EQ(ids, (std::vector<uint64_t>{1, 2, 300, 70000}));
}

TEST_P(DatabaseContractTest,
       IdsAreNonZeroIncreasingAndNeverReusedAfterRestart) {
  std::vector<uint64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(*db_->NextId());
  Reopen();
  for (int i = 0; i < 5; ++i) ids.push_back(*db_->NextId());
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_NE(ids[i], 0u);
    if (i > 0) {
      EXPECT_GT(ids[i], ids[i - 1]) << "id " << i;
    }
  }
}

// Issue 12, the event log (Database::EventHead): an event belongs to its
// transaction; a rolled-back one appends nothing.
TEST_P(DatabaseContractTest, AnUncommittedTransactionAppendsNoEvent) {
  {
    std::unique_ptr<Transaction> txn = db_->Begin();
    txn->AppendEvent(
        {.account = 7, .organization = 0, .type = 2, .value = "lost"});
  }
  EXPECT_EQ(db_->EventHead(), 1);  // an empty log's head (never 0)
  int rows = 0;
  ASSERT_TRUE(db_->Scan(Family::kEvents, "", "", false,
                        [&](absl::string_view, absl::string_view) {
                          ++rows;
                          return true;
                        })
                  .ok());
  EXPECT_EQ(rows, 0);
}

// Committed events get increasing cursors, their rows and account index
// rows, and the head passes them; a reopen never hands a cursor out again.
TEST_P(DatabaseContractTest, CommittedEventsGetIncreasingCursorsNeverReused) {
  int64_t notified = 0;
  db_->SetEventListener([&](int64_t head) { notified = head; });
  std::unique_ptr<Transaction> txn = db_->Begin();
  txn->AppendEvent({.account = 7, .organization = 3, .type = 2, .value = "a"});
  txn->AppendEvent({.account = 7, .organization = 0, .type = 5, .value = "b"});
  ASSERT_TRUE(txn->Commit().ok());
  const int64_t head = db_->EventHead();
  EXPECT_GE(head, 2);
  EXPECT_EQ(notified, head);
  absl::StatusOr<std::string> first =
      db_->Get(Family::kEvents, KeyOf({static_cast<uint64_t>(head - 1)}));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, "a");
  absl::StatusOr<std::string> index = db_->Get(
      Family::kEventsByAccount, KeyOf({7, static_cast<uint64_t>(head)}));
  ASSERT_TRUE(index.ok()) << index.status();
  absl::optional<EventIndexEntry> entry = ParseEventIndexValue(*index);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->organization, 0u);
  EXPECT_EQ(entry->type, 5);

  db_->SetEventListener(nullptr);
  txn.reset();  // before the database it belongs to goes (ASan found it)
  Reopen();
  EXPECT_GE(db_->EventHead(), head);
  std::unique_ptr<Transaction> later = db_->Begin();
  later->AppendEvent(
      {.account = 7, .organization = 0, .type = 2, .value = "c"});
  ASSERT_TRUE(later->Commit().ok());
  EXPECT_GT(db_->EventHead(), head);
  absl::StatusOr<std::string> newest = db_->Get(
      Family::kEvents, KeyOf({static_cast<uint64_t>(db_->EventHead())}));
  ASSERT_TRUE(newest.ok()) << newest.status();
  EXPECT_EQ(*newest, "c");
}

// The cursor promise under concurrent commits: whatever a reader finds up
// to the head is all that ever appears up to that head, so a client that
// resumes after the last cursor it saw misses nothing.
TEST_P(DatabaseContractTest, NoEventAppearsBelowAHeadAReaderSaw) {
  constexpr int kWriters = 4;
  constexpr int kCommitsEach = 20;
  constexpr size_t kMaxSnapshots = 300;
  auto visible = [&](int64_t head) {
    std::set<int64_t> cursors;
    EXPECT_TRUE(db_->Scan(Family::kEvents, "", "", false,
                          [&](absl::string_view key, absl::string_view) {
                            const auto cursor = static_cast<int64_t>(
                                ReadUint64(key, 0).value_or(0));
                            if (cursor > head) return false;
                            cursors.insert(cursor);
                            return true;
                          })
                    .ok());
    return cursors;
  };
  std::atomic<bool> done{false};
  std::vector<std::pair<int64_t, std::set<int64_t>>> snapshots;
  std::thread reader([&] {
    while (!done.load() && snapshots.size() < kMaxSnapshots) {
      const int64_t head = db_->EventHead();
      snapshots.emplace_back(head, visible(head));
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kCommitsEach; ++i) {
        std::unique_ptr<Transaction> txn = db_->Begin();
        txn->AppendEvent({.account = static_cast<uint64_t>(w + 1),
                          .organization = 0,
                          .type = 2,
                          .value = absl::StrCat(w, "-", i)});
        EXPECT_TRUE(txn->Commit().ok());
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  done.store(true);
  reader.join();
  const int64_t head = db_->EventHead();
  EXPECT_EQ(visible(head).size(), static_cast<size_t>(kWriters * kCommitsEach));
  for (const auto& [seen_head, seen] : snapshots) {
    EXPECT_EQ(seen, visible(seen_head)) << "head " << seen_head;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseContractTest,
                         ::testing::ValuesIn(kBackends),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param.name;
                         });

}  // namespace database_contract_test
}  // namespace cordon::store
