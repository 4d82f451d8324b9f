#include "server/engine/outbox/throttle_waits.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace cordon::engine {

// Tenant ids and UPNs are case-insensitive; '\n' cannot occur in either.
std::string ThrottleWaits::TenantKey(absl::string_view tenant_id) {
  return absl::StrCat("tenant\n", absl::AsciiStrToLower(tenant_id));
}

std::string ThrottleWaits::MailboxKey(absl::string_view tenant_id,
                                      absl::string_view upn) {
  return absl::StrCat("mailbox\n", absl::AsciiStrToLower(tenant_id), "\n",
                      absl::AsciiStrToLower(upn));
}

void ThrottleWaits::Hold(const std::string& key, absl::Time until) {
  std::lock_guard<std::mutex> lock(mu_);
  absl::Time& wait = until_[key];
  wait = std::max(wait, until);
}

absl::optional<absl::Time> ThrottleWaits::Until(const std::string& key,
                                                absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = until_.find(key);
  if (it == until_.end()) return absl::nullopt;
  if (it->second <= now) {
    until_.erase(it);  // over: keeps the map to what is waiting
    return absl::nullopt;
  }
  return it->second;
}

}  // namespace cordon::engine
