#ifndef CORDON_SERVER_ADAPTERS_PSA_DISCOVERY_CACHE_H_
#define CORDON_SERVER_ADAPTERS_PSA_DISCOVERY_CACHE_H_

#include <map>
#include <mutex>
#include <string>

#include "absl/types/optional.h"

namespace cordon::adapters::psa {

// The API base URL a PSA's discovery call answered (ConnectWise's company
// info per site and company, Autotask's zone per API user), kept so that a
// ticket costs one discovery per process rather than one per call. An
// adapter forgets an entry when the base it names stops answering, so a
// moved zone is found again on the next attempt. Thread-safe.
class DiscoveryCache {
 public:
  absl::optional<std::string> Get(const std::string& key) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = bases_.find(key);
    if (found == bases_.end()) return absl::nullopt;
    return found->second;
  }
  void Put(const std::string& key, const std::string& base) {
    std::lock_guard<std::mutex> lock(mutex_);
    bases_[key] = base;
  }
  void Forget(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    bases_.erase(key);
  }

 private:
  mutable std::mutex mutex_;
  // Bounded by the accounts' integrations: one entry per site and company,
  // or per API user.
  std::map<std::string, std::string> bases_;  // guarded by mutex_
};

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_DISCOVERY_CACHE_H_
