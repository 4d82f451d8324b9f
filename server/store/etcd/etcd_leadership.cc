#include "server/store/etcd/etcd_leadership.h"

#include <algorithm>
#include <utility>

#include "server/store/etcd/etcd_compare.h"

namespace cordon::store {
namespace {

int64_t NanosOf(std::chrono::steady_clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             when.time_since_epoch())
      .count();
}

}  // namespace

EtcdLeadership::EtcdLeadership(const EtcdDatabase* db,
                               EtcdLeadershipOptions options)
    : db_(db),
      options_(std::move(options)),
      margin_(std::max<Steady::duration>(
          std::chrono::milliseconds(500),
          std::chrono::milliseconds(options_.ttl) / 5)) {}

EtcdLeadership::~EtcdLeadership() { Stop(); }

void EtcdLeadership::Start(std::function<void(LeaderTerm)> elected,
                           std::function<void(LeaderTerm)> deposed) {
  elected_ = std::move(elected);
  deposed_ = std::move(deposed);
  leader_changes_ = std::make_unique<EtcdWatch>(
      &db_->client(), db_->leader_key(), /*range_end=*/"",
      /*from_revision=*/0, [this](const std::vector<mvccpb::Event>&) {
        {
          std::lock_guard<std::mutex> lock(mu_);
          woken_ = true;
        }
        wake_.notify_all();
      });
  thread_ = std::thread([this] { Run(); });
}

void EtcdLeadership::Stop() {
  leader_changes_.reset();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool EtcdLeadership::Holds(LeaderTerm term) const {
  return term.number != 0 && held_term_.load() == term.number &&
         NanosOf(Steady::now()) < deadline_ns_.load();
}

std::chrono::milliseconds EtcdLeadership::CallBound() const {
  // A renewal that hangs on one member must leave time to try another
  // before the deadline: each call gets a sixth of the TTL at most.
  return std::chrono::milliseconds(options_.ttl) / 6;
}

void EtcdLeadership::Run() {
  const auto period = std::chrono::milliseconds(options_.ttl) / 3;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    if (term_.number == 0) {
      Campaign();
    } else {
      Renew();
    }
    lock.lock();
    wake_.wait_for(lock, period, [this] { return stopping_ || woken_; });
    woken_ = false;
  }
  lock.unlock();
  GiveUp();
}

bool EtcdLeadership::KeepLease() {
  const Steady::time_point sent = Steady::now();
  if (lease_ != 0) {
    absl::StatusOr<int64_t> ttl =
        db_->client().LeaseKeepAlive(lease_, CallBound());
    if (ttl.ok() && *ttl > 0) {
      lease_deadline_ = sent + std::chrono::seconds(*ttl) - margin_;
      return true;
    }
    if (ttl.ok()) lease_ = 0;  // etcd says it is gone
    return lease_ != 0 && Steady::now() < lease_deadline_;
  }
  absl::StatusOr<etcdserverpb::LeaseGrantResponse> granted =
      db_->client().LeaseGrant(options_.ttl.count(), CallBound());
  if (!granted.ok() || granted->id() == 0) return false;
  lease_ = granted->id();
  lease_deadline_ = sent + std::chrono::seconds(granted->ttl()) - margin_;
  return true;
}

void EtcdLeadership::Campaign() {
  if (!KeepLease()) return;
  const std::string& key = db_->leader_key();
  etcdserverpb::TxnRequest txn;
  RequireCreateRevision(key, 0, &txn);
  etcdserverpb::PutRequest* put = txn.add_success()->mutable_request_put();
  put->set_key(key);
  put->set_value(options_.identity);
  put->set_lease(lease_);
  txn.add_failure()->mutable_request_range()->set_key(key);
  absl::StatusOr<etcdserverpb::TxnResponse> answer = db_->client().Txn(txn);
  if (!answer.ok()) return;
  LeaderTerm won;
  if (answer->succeeded()) {
    won.number = answer->header().revision();
  } else if (answer->responses_size() == 1) {
    // Ours already when an earlier answer was lost on the way.
    const etcdserverpb::RangeResponse& holder =
        answer->responses(0).response_range();
    if (holder.kvs_size() == 1 && holder.kvs(0).lease() == lease_) {
      won.number = holder.kvs(0).create_revision();
    }
  }
  if (won.number == 0) return;
  term_ = won;
  deadline_ns_ = NanosOf(lease_deadline_);
  held_term_ = won.number;
  elected_(won);
}

void EtcdLeadership::Renew() {
  if (!KeepLease()) {
    Depose();
    return;
  }
  etcdserverpb::RangeRequest read;
  read.set_key(db_->leader_key());
  absl::StatusOr<etcdserverpb::RangeResponse> holder =
      db_->client().Range(read, CallBound());
  if (!holder.ok()) {
    // Unconfirmed: Holds runs out at the last confirmed deadline, and then
    // the term is over here too (a later campaign may find the key still
    // ours and lead on in it).
    if (NanosOf(Steady::now()) >= deadline_ns_.load()) Depose();
    return;
  }
  if (holder->kvs_size() != 1 ||
      holder->kvs(0).create_revision() != term_.number) {
    Depose();  // the key expired or was removed: the term is over
    return;
  }
  deadline_ns_ = NanosOf(lease_deadline_);
}

void EtcdLeadership::Depose() {
  const LeaderTerm ended = term_;
  held_term_ = 0;
  deadline_ns_ = 0;
  term_ = LeaderTerm{};
  deposed_(ended);
}

void EtcdLeadership::GiveUp() {
  if (term_.number != 0) {
    const LeaderTerm ended = term_;
    Depose();
    etcdserverpb::TxnRequest txn;
    RequireCreateRevision(db_->leader_key(), ended.number, &txn);
    txn.add_success()->mutable_request_delete_range()->set_key(
        db_->leader_key());
    db_->client().Txn(txn).status().IgnoreError();
  }
  if (lease_ != 0) db_->client().LeaseRevoke(lease_, CallBound()).IgnoreError();
  lease_ = 0;
}

}  // namespace cordon::store
