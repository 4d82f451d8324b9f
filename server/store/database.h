#ifndef CORDON_SERVER_STORE_DATABASE_H_
#define CORDON_SERVER_STORE_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "server/store/family.h"

namespace cordon::store {

class Transaction;

// What a checkpoint holds (Database::Checkpoint).
struct CheckpointFiles {
  int64_t files = 0;
  // The sum of the files' sizes, hard links to live files counted in full.
  int64_t bytes = 0;
};

// Changes followed for as long as it lives (Database::FollowChanges).
class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
};

// What the engine needs from storage, and nothing more: transactions that
// read for update and write atomically, point reads, bounded range scans and
// unique ids. The engine holds a Database& and never sees the backend;
// RocksDatabase (store/rocks/) is today's implementation, and a distributed
// backend plugs in behind the same calls (docs/architecture.md).
//
// Every implementation is thread-safe and keeps these promises, which
// tests/unit/store/database_contract_test.cc checks:
// - a committed transaction is durable before Commit returns (DESIGN rule 4);
// - reads "for update" lock their keys (absent keys too) until the
//   transaction ends, so read-modify-writes of one row serialize; a lock the
//   backend cannot grant ends in ConflictError() (store/conflict.h), which
//   store::Transact retries;
// - a transaction destroyed uncommitted leaves nothing behind;
// - keys sort bytewise, so big-endian ids sort numerically.
class Database {
 public:
  virtual ~Database() = default;

  // A new read-write transaction; commit it with Transaction::Commit. It
  // must end (be destroyed) before this database does.
  virtual std::unique_ptr<Transaction> Begin() = 0;

  // A new unique id: never 0, never reused (not even after a restart),
  // increasing within one process.
  virtual absl::StatusOr<uint64_t> NextId() = 0;

  // Calls `visit(key, value)` for each key in `family` that starts with
  // `prefix` and sorts after `start_after` (all when empty), in key order
  // (reverse order when `reverse`), until `visit` returns false. Sees only
  // committed data.
  virtual absl::Status Scan(
      Family family, absl::string_view prefix, absl::string_view start_after,
      bool reverse,
      const std::function<bool(absl::string_view, absl::string_view)>& visit)
      const = 0;

  // Point read of committed data outside a transaction; NotFound when absent.
  virtual absl::StatusOr<std::string> Get(Family family,
                                          absl::string_view key) const = 0;

  // The event log's head: the largest cursor below which every event is
  // committed or never will be. Cursors are handed out in increasing order
  // when a transaction that appended events commits, and the head passes a
  // cursor only once every lower cursor's transaction has finished, so a
  // reader that reads Family::kEvents up to the head never sees cursor N+1
  // while N can still appear (a client resuming after N+1 would miss N). A
  // cursor is never reused, not even after a restart; 0 before any event.
  virtual int64_t EventHead() const = 0;

  // The head as EventHead gives it, but confirmed with the store now. On a
  // store other servers write too (etcd), EventHead follows their commits
  // a moment late (a Watch); this reads the head itself. For a check that
  // must not refuse a cursor another server has handed out already.
  virtual int64_t ConfirmedEventHead() const { return EventHead(); }

  // `listener(head)` is called (outside every lock of the database) each
  // time the head advances. Set once, before events are appended.
  virtual void SetEventListener(std::function<void(int64_t)> listener) = 0;

  // Issue 15, servers sharing one store: `on_change(keys)` is called, from
  // a thread of the database, soon after each commit that wrote `family`
  // on any of them (this one's too), with the keys of the rows it wrote or
  // deleted; with no keys when changes may have been missed ("read
  // again"). Until the returned feed is destroyed; `on_change` must not
  // destroy it. Null when this server is the store's only writer
  // (RocksDB): whoever commits here tells its readers itself.
  using OnChange = std::function<void(const std::vector<std::string>& keys)>;
  virtual std::unique_ptr<ChangeFeed> FollowChanges(Family family,
                                                    OnChange on_change) {
    (void)family;
    (void)on_change;
    return nullptr;
  }

  // How many commits of transactions that wrote `family` have been
  // attempted since the database opened (a failed one counts too: it may
  // have reached the disk), or nullopt while such a commit is under way
  // (from just before it until the count has moved past it). A reader that
  // takes it before reading rows of `family` and finds it again, unchanged
  // and not nullopt, knows those rows are unchanged too: no commit has
  // begun since its reads, nor is one half-visible
  // (engine::AuthenticatedKeyCache).
  virtual absl::optional<uint64_t> WriteGeneration(Family family) const = 0;

  // True while the disk refuses writes (StorageUnavailableError): health
  // reports NOT_SERVING meanwhile (api::StoreHealth). Reads go on.
  virtual bool RefusingWrites() const { return false; }
  // Tries to accept writes again after a storage fault, without waiting
  // for a write to try; true when writes are accepted afterwards.
  virtual bool TryResumeWrites() { return !RefusingWrites(); }

  // Writes a consistent copy of everything committed into `dir`, a new
  // directory (its parent must exist) that opens as a data dir of this
  // backend. The copy is written beside `dir` under a hidden name; once it
  // is complete and `confirm` (e.g. the write of its audit record) returned
  // OK it is renamed to `dir` and the parent directory synced. Any failure
  // leaves nothing at `dir` and removes the hidden copy: ALREADY_EXISTS when
  // `dir` exists, UNAVAILABLE when a disk refuses (STORAGE_UNAVAILABLE: the
  // store's own, which then fails closed like for any refused write;
  // BACKUP_FAILED: the copy's), `confirm`'s error when it fails. One
  // checkpoint at a time; writers go on meanwhile. A backend that cannot
  // answers UNIMPLEMENTED.
  virtual absl::StatusOr<CheckpointFiles> Checkpoint(
      const std::string& dir,
      const std::function<absl::Status(const CheckpointFiles&)>& confirm) {
    (void)dir;
    (void)confirm;
    return absl::UnimplementedError("this storage backend takes no backups");
  }
};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_DATABASE_H_
