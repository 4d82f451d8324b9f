#ifndef CORDON_SERVER_STORE_TRANSACTION_H_
#define CORDON_SERVER_STORE_TRANSACTION_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"
#include "server/store/event_row.h"
#include "server/store/family.h"
#include "server/store/leadership.h"

namespace cordon::store {

// One atomic, durable change (DESIGN rule 1). Reads made "for update" lock
// their keys until commit, so two calls that read-modify-write the same row
// serialize instead of losing an update. Destroying an uncommitted
// transaction rolls it back: nothing half-written after a failure. The
// backend implements the raw calls; the message helpers are shared.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // Reads `key` into `value` and locks it until the transaction ends. Returns
  // false when absent (the absence is locked too, so a concurrent insert
  // waits).
  virtual absl::StatusOr<bool> GetRawForUpdate(Family family,
                                               absl::string_view key,
                                               std::string* value) = 0;
  // Reads `key` and holds a shared lock on it until the transaction ends:
  // any number of transactions share it, and a GetRawForUpdate of the key
  // (or a write of it) waits until they have all ended, as they wait for
  // one. Returns false when absent.
  virtual absl::StatusOr<bool> GetRawForShare(Family family,
                                              absl::string_view key,
                                              std::string* value) = 0;
  // Reads `key` as this transaction sees it (its own writes, else what is
  // committed) without locking it. Returns false when absent.
  virtual absl::StatusOr<bool> GetRaw(Family family, absl::string_view key,
                                      std::string* value) = 0;
  virtual void PutRaw(Family family, absl::string_view key,
                      absl::string_view value) = 0;
  virtual void Delete(Family family, absl::string_view key) = 0;

  // Makes every write durable and visible at once. A write that failed
  // before (a storage error) makes Commit fail and write nothing.
  virtual absl::Status Commit() = 0;

  // GetRawForUpdate, parsed into `message`; DATA_LOSS when it does not parse.
  absl::StatusOr<bool> GetForUpdate(Family family, absl::string_view key,
                                    google::protobuf::MessageLite* message);
  // GetRawForShare, parsed the same way.
  absl::StatusOr<bool> GetForShare(Family family, absl::string_view key,
                                   google::protobuf::MessageLite* message);
  void Put(Family family, absl::string_view key,
           const google::protobuf::MessageLite& message);

  // Appends `row` to the event log when this transaction commits, with the
  // next cursors (see Database::EventHead); an uncommitted transaction
  // appends nothing.
  void AppendEvent(EventRow row) { events_.push_back(std::move(row)); }

  // The commit writes only while `term` holds (issue 15): a backend that
  // several servers share checks it in the same atomic step as the writes
  // and otherwise answers LeadershipLostError() (store/leadership.h),
  // writing nothing. A backend only one process can open (RocksDB) has one
  // term from start to stop and ignores it. The outbox worker fences each
  // outcome it records, so a server that lost the lead never records one.
  void FenceWith(LeaderTerm term) { fence_ = term; }

  // Runs `callback` once this transaction has committed, never when it does
  // not: a figure exported per committed change (a histogram observation)
  // then counts once, however often store::Transact runs a body again after
  // a conflict.
  void AfterCommit(std::function<void()> callback) {
    after_commit_.push_back(std::move(callback));
  }

 protected:
  // The backend calls this once Commit succeeded.
  void RunAfterCommit() {
    std::vector<std::function<void()>> callbacks = std::move(after_commit_);
    after_commit_.clear();
    for (const std::function<void()>& callback : callbacks) callback();
  }
  std::vector<std::function<void()>> after_commit_;
  // What AppendEvent collected; the backend writes it in Commit.
  std::vector<EventRow> events_;
  // What FenceWith set; number 0: unfenced.
  LeaderTerm fence_;
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_TRANSACTION_H_
