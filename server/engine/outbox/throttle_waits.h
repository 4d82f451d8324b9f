#ifndef CORDON_SERVER_ENGINE_OUTBOX_THROTTLE_WAITS_H_
#define CORDON_SERVER_ENGINE_OUTBOX_THROTTLE_WAITS_H_

#include <map>
#include <mutex>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace cordon::engine {

// The waits Retry-After answers asked for, by what they hold back: Graph
// throttles directory calls per app and tenant and mailbox calls per app
// and mailbox, so a mailbox's wait must not hold back a lock-out in the same
// tenant. In memory only: after a restart the first refused call asks again.
// Thread-safe.
class ThrottleWaits {
 public:
  static std::string TenantKey(absl::string_view tenant_id);
  static std::string MailboxKey(absl::string_view tenant_id,
                                absl::string_view upn);

  // Nothing under `key` before `until` (a later wait is kept).
  void Hold(const std::string& key, absl::Time until);
  // The end of the wait under `key` if `now` is before it.
  absl::optional<absl::Time> Until(const std::string& key, absl::Time now);

 private:
  // std::mutex: ThreadSanitizer sees it (a non-TSan Abseil's is not).
  std::mutex mu_;
  std::map<std::string, absl::Time> until_;  // guarded by mu_
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_OUTBOX_THROTTLE_WAITS_H_
