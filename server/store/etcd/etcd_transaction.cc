#include "server/store/etcd/etcd_transaction.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/store/conflict.h"
#include "server/store/etcd/etcd_database.h"
#include "server/store/keys.h"

namespace cordon::store {
namespace {

// How often one commit takes new cursors when other commits keep taking
// them first; each time means another commit of events landed.
constexpr int kCursorAttempts = 32;

void AddUnchanged(const std::string& key, int64_t revision,
                  etcdserverpb::TxnRequest* txn) {
  etcdserverpb::Compare* compare = txn->add_compare();
  compare->set_key(key);
  compare->set_target(etcdserverpb::Compare::MOD);
  compare->set_result(etcdserverpb::Compare::EQUAL);
  compare->set_mod_revision(revision);
}

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

absl::StatusOr<EtcdTransaction::Remembered> EtcdTransaction::ReadCommitted(
    const std::string& etcd_key) const {
  etcdserverpb::RangeRequest request;
  request.set_key(etcd_key);
  absl::StatusOr<etcdserverpb::RangeResponse> response =
      db_->client().Range(request);
  if (!response.ok()) return response.status();
  Remembered row;
  row.revision = RevisionIn(*response);
  if (response->kvs_size() > 0) {
    row.value = std::move(*response->mutable_kvs(0)->mutable_value());
  }
  return row;
}

absl::StatusOr<bool> EtcdTransaction::Read(Family family, absl::string_view key,
                                           std::string* value, bool remember) {
  const std::string etcd_key = db_->keys().Key(family, key);
  const auto written = writes_.find(etcd_key);
  auto seen = remembered_.find(etcd_key);
  std::optional<std::string> found;
  if (seen == remembered_.end() && (remember || written == writes_.end())) {
    absl::StatusOr<Remembered> committed = ReadCommitted(etcd_key);
    if (!committed.ok()) return committed.status();
    found = committed->value;
    if (remember) remembered_.emplace(etcd_key, *std::move(committed));
  } else if (seen != remembered_.end()) {
    found = seen->second.value;
  }
  // The transaction's own write wins over what is committed.
  if (written != writes_.end()) found = written->second;
  if (!found.has_value()) return false;
  *value = *std::move(found);
  return true;
}

absl::StatusOr<bool> EtcdTransaction::GetRawForUpdate(Family family,
                                                      absl::string_view key,
                                                      std::string* value) {
  return Read(family, key, value, /*remember=*/true);
}

absl::StatusOr<bool> EtcdTransaction::GetRawForShare(Family family,
                                                     absl::string_view key,
                                                     std::string* value) {
  return Read(family, key, value, /*remember=*/true);
}

absl::StatusOr<bool> EtcdTransaction::GetRaw(Family family,
                                             absl::string_view key,
                                             std::string* value) {
  return Read(family, key, value, /*remember=*/false);
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
    AddUnchanged(key, seen.revision, &txn);
  }
  for (const auto& [key, value] : writes_) {
    if (value.has_value()) {
      AddPut(key, *value, &txn);
    } else {
      txn.add_success()->mutable_request_delete_range()->set_key(key);
    }
  }
  if (events_.empty()) return txn;
  AddUnchanged(db_->cursor_key(), cursor_revision, &txn);
  AddEventRows(cursor, &txn);
  AddRead(db_->cursor_key(), /*keys_only=*/false, &txn);
  for (const auto& [key, seen] : remembered_) {
    AddRead(key, /*keys_only=*/true, &txn);
  }
  return txn;
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
  if (!events_.empty()) return CommitWithEvents();
  if (!writes_.empty()) {
    absl::StatusOr<etcdserverpb::TxnResponse> response =
        db_->client().Txn(BuildTxn(0, 0));
    if (!response.ok()) return response.status();
    if (!response->succeeded()) return ConflictError();
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
    if (!OnlyCursorMoved(*response)) return ConflictError();
    const etcdserverpb::RangeResponse& now =
        response->responses(0).response_range();
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
  int index = 1;  // responses(0) is the cursor counter's
  for (const auto& [key, seen] : remembered_) {
    if (index >= failed.responses_size() ||
        RevisionIn(failed.responses(index).response_range()) != seen.revision) {
      return false;
    }
    ++index;
  }
  return true;
}

}  // namespace cordon::store
