#include "server/store/etcd/etcd_database.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/store/etcd/etcd_compare.h"
#include "server/store/etcd/etcd_transaction.h"
#include "server/store/schema_version.h"
#include "server/store/storage_fault.h"

namespace cordon::store {
namespace {

// Keys a Scan reads per etcd Range: bounded, so a scan the visitor stops
// early reads little, and a long one never makes a huge response.
constexpr int64_t kScanPage = 256;

// The event cursor counter's value before any event: the first cursor is
// 2, so an empty log's head is 1, never 0, as on RocksDB
// (EventSequencer::kFirstCursor says why).
constexpr uint64_t kNoCursorYet = 1;

// One etcd Range request for `key` alone.
etcdserverpb::RangeRequest PointRange(const std::string& key) {
  etcdserverpb::RangeRequest request;
  request.set_key(key);
  return request;
}

}  // namespace

EtcdDatabase::EtcdDatabase(EtcdDatabaseOptions options)
    : options_(std::move(options)),
      client_(options_.client),
      keys_(options_.root),
      row_locks_(options_.local_lock_wait),
      id_key_(keys_.Key(Family::kMeta, "id_high_water")),
      cursor_key_(keys_.Key(Family::kMeta, "event_cursor")),
      leader_key_(keys_.Key(Family::kMeta, "leader")) {}

absl::StatusOr<std::unique_ptr<EtcdDatabase>> EtcdDatabase::Open(
    EtcdDatabaseOptions options) {
  if (options.client.endpoints.empty()) {
    return absl::InvalidArgumentError("etcd_endpoints: give at least one");
  }
  if (options.id_block_size == 0) {
    return absl::InvalidArgumentError("id_block_size must be positive");
  }
  std::unique_ptr<EtcdDatabase> db(new EtcdDatabase(std::move(options)));
  if (absl::Status status = db->CheckSchema(); !status.ok()) {
    if (!IsStorageFault(status)) return status;
    return absl::UnavailableError(absl::StrCat("cannot use the etcd cluster (",
                                               db->client_.LastFailure(),
                                               "): ", status.message()));
  }
  absl::StatusOr<Counter> cursor = db->ReadEventCursor();
  if (!cursor.ok()) return cursor.status();
  db->head_ = cursor->value;
  db->FollowEventCursor(cursor->read_at + 1);
  return db;
}

void EtcdDatabase::FollowEventCursor(int64_t from_revision) {
  cursor_watch_ = std::make_unique<EtcdWatch>(
      &client_, cursor_key_, /*range_end=*/"", from_revision,
      [this](const std::vector<mvccpb::Event>& events) {
        uint64_t cursor = 0;
        for (const mvccpb::Event& event : events) {
          if (event.type() != mvccpb::Event::PUT) continue;
          if (!absl::SimpleAtoi(event.kv().value(), &cursor)) continue;
          NoteEventHead(cursor);
        }
        // Changes were missed (compacted away): read the row.
        if (events.empty()) {
          absl::StatusOr<Counter> cursor = ReadEventCursor();
          if (cursor.ok()) NoteEventHead(cursor->value);
        }
      });
}

namespace {

// An etcd Watch of one family as a ChangeFeed: the etcd keys of its
// events become the family's row keys.
class WatchFeed final : public ChangeFeed {
 public:
  WatchFeed(const EtcdClient* client, const EtcdKeyspace* keys, Family family,
            int64_t from_revision, Database::OnChange on_change)
      : watch_(client, keys->Key(family, ""),
               EtcdKeyspace::PrefixEnd(keys->Key(family, "")), from_revision,
               [keys, family, on_change = std::move(on_change)](
                   const std::vector<mvccpb::Event>& events) {
                 std::vector<std::string> rows;
                 rows.reserve(events.size());
                 for (const mvccpb::Event& event : events) {
                   rows.emplace_back(keys->RowKey(family, event.kv().key()));
                 }
                 on_change(rows);
               }) {}

 private:
  EtcdWatch watch_;
};

}  // namespace

std::unique_ptr<ChangeFeed> EtcdDatabase::FollowChanges(Family family,
                                                        OnChange on_change) {
  // From the revision current now, so that nothing committed after this
  // call is missed however late the stream opens; without an answer, from
  // when it opens.
  const std::string prefix = keys_.Key(family, "");
  etcdserverpb::RangeRequest request = PointRange(prefix);
  request.set_count_only(true);
  absl::StatusOr<etcdserverpb::RangeResponse> now = client_.Range(request);
  const int64_t from = now.ok() ? now->header().revision() + 1 : 0;
  return std::make_unique<WatchFeed>(&client_, &keys_, family, from,
                                     std::move(on_change));
}

absl::Status EtcdDatabase::CheckSchema() {
  const std::string key = keys_.Key(Family::kMeta, kSchemaVersionKey);
  // Written only where absent: two replicas starting on an empty cluster
  // agree, and a newer version already there is never overwritten.
  etcdserverpb::TxnRequest txn;
  RequireCreateRevision(key, 0, &txn);
  etcdserverpb::PutRequest* put = txn.add_success()->mutable_request_put();
  put->set_key(key);
  put->set_value(absl::StrCat(kSchemaVersion));
  *txn.add_failure()->mutable_request_range() = PointRange(key);
  absl::StatusOr<etcdserverpb::TxnResponse> response = client_.Txn(txn);
  if (!response.ok()) return response.status();
  if (response->succeeded()) return absl::OkStatus();
  if (response->responses_size() != 1) {
    return absl::DataLossError("etcd answered the schema check wrongly");
  }
  const etcdserverpb::RangeResponse& stored =
      response->responses(0).response_range();
  const std::string value = stored.kvs_size() > 0 ? stored.kvs(0).value() : "";
  int version = 0;
  if (!absl::SimpleAtoi(value, &version) || version != kSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the etcd cluster holds schema version \"", value,
        "\"; this cordon-server understands version ", kSchemaVersion,
        " only. Use the cordon-server release that wrote it."));
  }
  return absl::OkStatus();
}

std::unique_ptr<Transaction> EtcdDatabase::Begin() {
  return std::make_unique<EtcdTransaction>(this);
}

absl::StatusOr<EtcdDatabase::Counter> EtcdDatabase::ReadCounter(
    const std::string& key) const {
  absl::StatusOr<etcdserverpb::RangeResponse> response =
      client_.Range(PointRange(key));
  if (!response.ok()) return response.status();
  Counter counter;
  counter.read_at = response->header().revision();
  if (response->kvs_size() == 0) return counter;
  if (!absl::SimpleAtoi(response->kvs(0).value(), &counter.value)) {
    return absl::DataLossError(absl::StrCat("a counter in etcd is corrupt"));
  }
  counter.revision = response->kvs(0).mod_revision();
  return counter;
}

absl::StatusOr<EtcdDatabase::Counter> EtcdDatabase::ReadEventCursor() const {
  absl::StatusOr<Counter> cursor = ReadCounter(cursor_key_);
  if (cursor.ok()) cursor->value = std::max(cursor->value, kNoCursorYet);
  return cursor;
}

absl::StatusOr<bool> EtcdDatabase::SwapCounter(const std::string& key,
                                               int64_t expected,
                                               uint64_t value) {
  etcdserverpb::TxnRequest txn;
  RequireModRevision(key, expected, &txn);
  etcdserverpb::PutRequest* put = txn.add_success()->mutable_request_put();
  put->set_key(key);
  put->set_value(absl::StrCat(value));
  absl::StatusOr<etcdserverpb::TxnResponse> response = client_.Txn(txn);
  if (!response.ok()) return response.status();
  return response->succeeded();
}

absl::StatusOr<uint64_t> EtcdDatabase::NextId() {
  std::lock_guard<std::mutex> lock(id_mu_);
  while (next_id_ >= reserved_until_) {
    absl::StatusOr<Counter> high_water = ReadCounter(id_key_);
    if (!high_water.ok()) return high_water.status();
    const uint64_t until = high_water->value + options_.id_block_size;
    absl::StatusOr<bool> swapped =
        SwapCounter(id_key_, high_water->revision, until);
    if (!swapped.ok()) return swapped.status();
    if (!*swapped) continue;  // another replica reserved a block first
    next_id_ = high_water->value + 1;
    reserved_until_ = until + 1;
  }
  return next_id_++;
}

absl::StatusOr<std::string> EtcdDatabase::Get(Family family,
                                              absl::string_view key) const {
  absl::StatusOr<etcdserverpb::RangeResponse> response =
      client_.Range(PointRange(keys_.Key(family, key)));
  if (!response.ok()) return response.status();
  if (response->kvs_size() == 0) return absl::NotFoundError("no such row");
  return std::move(*response->mutable_kvs(0)->mutable_value());
}

absl::Status EtcdDatabase::Scan(
    Family family, absl::string_view prefix, absl::string_view start_after,
    bool reverse,
    const std::function<bool(absl::string_view, absl::string_view)>& visit)
    const {
  const std::string first = keys_.Key(family, prefix);
  // [low, high): the keys still to visit, narrowed page by page.
  std::string low = first;
  std::string high = EtcdKeyspace::PrefixEnd(first);
  if (!start_after.empty()) {
    std::string after = keys_.Key(family, start_after);
    if (reverse) {
      high = std::min(high, after);
    } else {
      after.push_back('\0');
      low = std::max(low, after);
    }
  }
  int64_t revision = 0;  // every page reads the first page's snapshot
  while (low < high) {
    etcdserverpb::RangeRequest request;
    request.set_key(low);
    request.set_range_end(high);
    request.set_limit(kScanPage);
    request.set_revision(revision);
    // etcd returns keys in ascending order by itself, and only then stops
    // at the limit: a sorted Range reads the whole range first. So a
    // reverse page costs the rest of the range (docs/scale-out.md).
    if (reverse) {
      request.set_sort_target(etcdserverpb::RangeRequest::KEY);
      request.set_sort_order(etcdserverpb::RangeRequest::DESCEND);
    }
    absl::StatusOr<etcdserverpb::RangeResponse> page = client_.Range(request);
    if (absl::IsOutOfRange(page.status()) && revision != 0) {
      // Compacted away under a long scan: go on from the newest revision.
      revision = 0;
      continue;
    }
    if (!page.ok()) return page.status();
    revision = page->header().revision();
    for (const mvccpb::KeyValue& kv : page->kvs()) {
      if (!visit(keys_.RowKey(family, kv.key()), kv.value())) {
        return absl::OkStatus();
      }
    }
    if (!page->more() || page->kvs_size() == 0) break;
    const std::string& last = page->kvs(page->kvs_size() - 1).key();
    if (reverse) {
      high = last;
    } else {
      low = last + '\0';
    }
  }
  return absl::OkStatus();
}

int64_t EtcdDatabase::EventHead() const {
  if (cursor_watch_ == nullptr || !cursor_watch_->live()) {
    return ConfirmedEventHead();
  }
  return static_cast<int64_t>(head_.load());
}

int64_t EtcdDatabase::ConfirmedEventHead() const {
  absl::StatusOr<Counter> cursor = ReadEventCursor();
  if (cursor.ok()) NoteEventHead(cursor->value);
  return static_cast<int64_t>(head_.load());
}

void EtcdDatabase::SetEventListener(std::function<void(int64_t)> listener) {
  std::lock_guard<std::mutex> lock(listener_mu_);
  listener_ = std::move(listener);
}

void EtcdDatabase::NoteEventHead(uint64_t cursor) const {
  uint64_t seen = head_.load();
  while (seen < cursor && !head_.compare_exchange_weak(seen, cursor)) {
  }
  if (seen >= cursor) return;
  std::function<void(int64_t)> listener;
  {
    std::lock_guard<std::mutex> lock(listener_mu_);
    listener = listener_;
  }
  if (listener) listener(static_cast<int64_t>(cursor));
}

}  // namespace cordon::store
