#include "server/store/etcd/etcd_transaction.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/store/conflict.h"
#include "server/store/etcd/etcd_compare.h"
#include "server/store/etcd/etcd_database.h"
#include "server/store/keys.h"

namespace cordon::store {
namespace {

// How often one commit takes new cursors when other commits keep taking
// them first; each time means another commit of events landed.
constexpr int kCursorAttempts = 32;

void AddPut(std::string key, std::string value, etcdserverpb::TxnRequest* txn) {
  etcdserverpb::PutRequest* put = txn->add_success()->mutable_request_put();
  put->set_key(std::move(key));
  put->set_value(std::move(value));
}

void AddRead(const std::string& key, bool keys_only,
             etcdserverpb::TxnRequest* txn) {
  etcdserverpb::RangeRequest* range =
      txn->add_failure()->mutable_request_range();
  range->set_key(key);
  range->set_keys_only(keys_only);
}

// The revision a Range of one key found: 0 when absent.
int64_t RevisionIn(const etcdserverpb::RangeResponse& range) {
  return range.kvs_size() > 0 ? range.kvs(0).mod_revision() : 0;
}

}  // namespace

EtcdTransaction::EtcdTransaction(EtcdDatabase* db)
    : db_(db), owner_(db->row_locks().NewOwner()) {}

EtcdTransaction::~EtcdTransaction() { db_->row_locks().ReleaseAll(owner_); }

absl::Status EtcdTransaction::Remember(const std::vector<std::string>& keys) {
  // One read-only Txn: etcd serves it at one revision, linearizably.
  etcdserverpb::TxnRequest reads;
  std::vector<std::string> asked;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (remembered_.contains(keys[i])) continue;
    etcdserverpb::RangeRequest* range =
        reads.add_success()->mutable_request_range();
    range->set_key(keys[i]);
    range->set_keys_only(i > 0);  // stamps: their revision is enough
    asked.push_back(keys[i]);
  }
  if (asked.empty()) return absl::OkStatus();
  absl::StatusOr<etcdserverpb::TxnResponse> response = db_->client().Txn(reads);
  if (!response.ok()) return response.status();
  if (response->responses_size() != static_cast<int>(asked.size())) {
    return absl::DataLossError("etcd answered a read with the wrong shape");
  }
  for (size_t i = 0; i < asked.size(); ++i) {
    etcdserverpb::RangeResponse* range =
        response->mutable_responses(static_cast<int>(i))
            ->mutable_response_range();
    Remembered row;
    row.revision = RevisionIn(*range);
    if (range->kvs_size() > 0) {
      row.value = std::move(*range->mutable_kvs(0)->mutable_value());
    }
    remembered_.emplace(asked[i], std::move(row));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> EtcdTransaction::ReadUnlocked(
    const std::string& etcd_key) const {
  etcdserverpb::RangeRequest request;
  request.set_key(etcd_key);
  absl::StatusOr<etcdserverpb::RangeResponse> response =
      db_->client().Range(request);
  if (!response.ok()) return response.status();
  if (response->kvs_size() == 0) return std::nullopt;
  return std::move(*response->mutable_kvs(0)->mutable_value());
}

absl::StatusOr<bool> EtcdTransaction::Read(Family family, absl::string_view key,
                                           std::string* value, Lock lock) {
  const EtcdKeyspace& keys = db_->keys();
  const std::string row = keys.Key(family, key);
  if (lock != Lock::kNone) {
    absl::Status locked = db_->row_locks().Acquire(
        owner_, row,
        lock == Lock::kUpdate ? LocalRowLocks::Mode::kExclusive
                              : LocalRowLocks::Mode::kShared);
    if (!locked.ok()) return locked;
    std::vector<std::string> needed = {row, keys.ExclusiveStamp(family, key)};
    if (lock == Lock::kUpdate) {
      needed.push_back(keys.SharedStamp(family, key));
      exclusive_stamps_.emplace(needed[1], row);
    } else {
      shared_stamps_.insert(keys.SharedStamp(family, key));
    }
    if (absl::Status s = Remember(needed); !s.ok()) return s;
  }
  std::optional<std::string> found;
  if (auto written = writes_.find(row); written != writes_.end()) {
    // The transaction's own write wins over what is committed.
    found = written->second;
  } else if (auto seen = remembered_.find(row); seen != remembered_.end()) {
    found = seen->second.value;
  } else {
    absl::StatusOr<std::optional<std::string>> committed = ReadUnlocked(row);
    if (!committed.ok()) return committed.status();
    found = *std::move(committed);
  }
  if (!found.has_value()) return false;
  *value = *std::move(found);
  return true;
}

absl::StatusOr<bool> EtcdTransaction::GetRawForUpdate(Family family,
                                                      absl::string_view key,
                                                      std::string* value) {
  return Read(family, key, value, Lock::kUpdate);
}

absl::StatusOr<bool> EtcdTransaction::GetRawForShare(Family family,
                                                     absl::string_view key,
                                                     std::string* value) {
  return Read(family, key, value, Lock::kShare);
}

absl::StatusOr<bool> EtcdTransaction::GetRaw(Family family,
                                             absl::string_view key,
                                             std::string* value) {
  return Read(family, key, value, Lock::kNone);
}

void EtcdTransaction::PutRaw(Family family, absl::string_view key,
                             absl::string_view value) {
  writes_[db_->keys().Key(family, key)] = std::string(value);
}

void EtcdTransaction::Delete(Family family, absl::string_view key) {
  writes_[db_->keys().Key(family, key)] = std::nullopt;
}

etcdserverpb::TxnRequest EtcdTransaction::BuildTxn(
    uint64_t cursor, int64_t cursor_revision) const {
  etcdserverpb::TxnRequest txn;
  for (const auto& [key, seen] : remembered_) {
    RequireModRevision(key, seen.revision, &txn);
  }
  if (fence_.number != 0) {
    // The term holds while the leader key it created stands; the failure
    // branch reads the key first to tell a lost term from a conflict.
    RequireCreateRevision(db_->leader_key(), fence_.number, &txn);
    AddRead(db_->leader_key(), /*keys_only=*/true, &txn);
  }
  AddWrites(&txn);
  if (events_.empty()) return txn;
  RequireModRevision(db_->cursor_key(), cursor_revision, &txn);
  AddEventRows(cursor, &txn);
  AddRead(db_->cursor_key(), /*keys_only=*/false, &txn);
  for (const auto& [key, seen] : remembered_) {
    AddRead(key, /*keys_only=*/true, &txn);
  }
  return txn;
}

void EtcdTransaction::AddWrites(etcdserverpb::TxnRequest* txn) const {
  for (const auto& [key, value] : writes_) {
    if (value.has_value()) {
      AddPut(key, *value, txn);
    } else {
      txn->add_success()->mutable_request_delete_range()->set_key(key);
    }
  }
  for (const auto& [stamp, row] : exclusive_stamps_) {
    if (!writes_.contains(row)) AddPut(stamp, "", txn);
  }
  for (const std::string& stamp : shared_stamps_) AddPut(stamp, "", txn);
}

void EtcdTransaction::AddEventRows(uint64_t cursor,
                                   etcdserverpb::TxnRequest* txn) const {
  const EtcdKeyspace& keys = db_->keys();
  for (const EventRow& row : events_) {
    ++cursor;
    AddPut(keys.Key(Family::kEvents, KeyOf({cursor})), row.value, txn);
    AddPut(keys.Key(Family::kEventsByAccount, KeyOf({row.account, cursor})),
           row.IndexValue(), txn);
  }
  AddPut(db_->cursor_key(), absl::StrCat(cursor), txn);
}

absl::Status EtcdTransaction::Commit() {
  absl::Status committed = CommitTxn();
  db_->row_locks().ReleaseAll(owner_);
  return committed;
}

absl::Status EtcdTransaction::CommitTxn() {
  if (!events_.empty()) return CommitWithEvents();
  etcdserverpb::TxnRequest txn = BuildTxn(0, 0);
  // With nothing to write, the locks moved no stamp and need none; rows
  // read under more than one lock are still checked to have been one
  // consistent view, as RocksDB's locks made them.
  const bool validate = exclusive_stamps_.size() + shared_stamps_.size() > 1;
  if (writes_.empty()) txn.clear_success();
  if (!writes_.empty() || validate) {
    absl::StatusOr<etcdserverpb::TxnResponse> response = db_->client().Txn(txn);
    if (!response.ok()) return response.status();
    if (!response->succeeded()) return FailureOf(*response);
  }
  RunAfterCommit();
  return absl::OkStatus();
}

absl::Status EtcdTransaction::CommitWithEvents() {
  absl::StatusOr<EtcdDatabase::Counter> cursor = db_->ReadEventCursor();
  if (!cursor.ok()) return cursor.status();
  for (int attempt = 0; attempt < kCursorAttempts; ++attempt) {
    absl::StatusOr<etcdserverpb::TxnResponse> response =
        db_->client().Txn(BuildTxn(cursor->value, cursor->revision));
    if (!response.ok()) return response.status();
    if (response->succeeded()) {
      db_->NoteEventHead(cursor->value + events_.size());
      RunAfterCommit();
      return absl::OkStatus();
    }
    if (TermEnded(*response)) return LeadershipLostError();
    if (!OnlyCursorMoved(*response)) return ConflictError();
    const etcdserverpb::RangeResponse& now =
        response->responses(FencedReads()).response_range();
    if (now.kvs_size() == 0 ||
        !absl::SimpleAtoi(now.kvs(0).value(), &cursor->value)) {
      return absl::DataLossError("the event cursor in etcd is corrupt");
    }
    cursor->revision = now.kvs(0).mod_revision();
  }
  return ConflictError();
}

bool EtcdTransaction::OnlyCursorMoved(
    const etcdserverpb::TxnResponse& failed) const {
  if (failed.responses_size() !=
      FencedReads() + 1 + static_cast<int>(remembered_.size())) {
    return false;  // not the answer asked for: a plain conflict
  }
  int index = FencedReads() + 1;  // after the term's and the cursor's
  for (const auto& [key, seen] : remembered_) {
    if (RevisionIn(failed.responses(index).response_range()) != seen.revision) {
      return false;
    }
    ++index;
  }
  return true;
}

int EtcdTransaction::FencedReads() const { return fence_.number != 0 ? 1 : 0; }

bool EtcdTransaction::TermEnded(const etcdserverpb::TxnResponse& failed) const {
  if (fence_.number == 0) return false;
  if (failed.responses_size() < 1) return true;  // cannot tell: assume lost
  const etcdserverpb::RangeResponse& leader =
      failed.responses(0).response_range();
  return leader.kvs_size() == 0 ||
         leader.kvs(0).create_revision() != fence_.number;
}

absl::Status EtcdTransaction::FailureOf(
    const etcdserverpb::TxnResponse& failed) const {
  return TermEnded(failed) ? LeadershipLostError() : ConflictError();
}

}  // namespace cordon::store
