#ifndef CORDON_SERVER_API_STREAM_SLOTS_H_
#define CORDON_SERVER_API_STREAM_SLOTS_H_

#include <map>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/core/errors.h"

namespace cordon::api {

// Bounds the open streams of one kind: gRPC 1.51's synchronous server gives
// each open stream a thread, so a client that opens streams without end
// would take them all. At most `per_server` at once, and `per_key` for one
// API key. Thread-safe.
class StreamSlots {
 public:
  StreamSlots(int per_server, int per_key)
      : per_server_(per_server), per_key_(per_key) {}

  // RESOURCE_EXHAUSTED when either bound is reached; else a slot that
  // Release must give back.
  absl::Status Acquire(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    if (open_ >= per_server_) {
      return Exhausted(absl::StrCat("this server serves at most ", per_server_,
                                    " event streams at once"));
    }
    int& mine = per_key_open_[key];
    if (mine >= per_key_) {
      return Exhausted(absl::StrCat("an API key may hold at most ", per_key_,
                                    " event streams at once"));
    }
    ++mine;
    ++open_;
    return absl::OkStatus();
  }

  void Release(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    --open_;
    auto it = per_key_open_.find(key);
    if (it != per_key_open_.end() && --it->second <= 0) per_key_open_.erase(it);
  }

 private:
  static absl::Status Exhausted(const std::string& why) {
    return core::WithReason(absl::ResourceExhaustedError(why),
                            "TOO_MANY_STREAMS");
  }

  const int per_server_;
  const int per_key_;
  std::mutex mu_;
  int open_ = 0;
  std::map<std::string, int> per_key_open_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_STREAM_SLOTS_H_
