#ifndef CORDON_SERVER_ADAPTERS_PSA_CONCURRENCY_LIMIT_H_
#define CORDON_SERVER_ADAPTERS_PSA_CONCURRENCY_LIMIT_H_

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

namespace cordon::adapters::psa {

// At most `limit` calls in flight per key (Autotask's thread limit: three
// concurrent requests per endpoint, a fourth is refused). A caller waits
// for a slot up to a bound, so an outbox worker thread is never held
// longer than one call would take. std::mutex, not absl::Mutex, so TSan
// sees the hand-offs (TOOLCHAIN.md). Thread-safe.
class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(int limit) : limit_(limit) {}

  // A held slot; releases it when destroyed. held() is false when no slot
  // came free within the wait.
  class Slot {
   public:
    Slot(ConcurrencyLimit* owner, std::string key)
        : owner_(owner), key_(std::move(key)) {}
    Slot(Slot&& other) noexcept
        : owner_(other.owner_), key_(std::move(other.key_)) {
      other.owner_ = nullptr;
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (owner_ != nullptr) owner_->Release(key_);
    }
    bool held() const { return owner_ != nullptr; }

   private:
    ConcurrencyLimit* owner_;
    std::string key_;
  };

  Slot Acquire(const std::string& key, std::chrono::milliseconds wait) {
    std::unique_lock<std::mutex> lock(mutex_);
    const bool got =
        freed_.wait_for(lock, wait, [&] { return in_flight_[key] < limit_; });
    if (!got) return Slot(nullptr, key);
    ++in_flight_[key];
    return Slot(this, key);
  }

 private:
  void Release(const std::string& key) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (--in_flight_[key] == 0) in_flight_.erase(key);
    }
    freed_.notify_all();
  }

  const int limit_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::map<std::string, int> in_flight_;  // guarded by mutex_
};

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_CONCURRENCY_LIMIT_H_
