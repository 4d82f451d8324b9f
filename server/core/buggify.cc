#include "server/core/buggify.h"

#include <atomic>

#include "server/core/check.h"

namespace cordon::core {
namespace {

// Set and cleared by the simulation that owns the hooks, before and after
// any code that reaches a site runs.
std::atomic<BuggifyHooks*> installed_hooks{nullptr};

}  // namespace

bool BuggifyCompiledIn() { return CORDON_BUGGIFY_ENABLED != 0; }

absl::string_view BuggifySiteName(BuggifySite site) {
  switch (site) {
    case BuggifySite::kDelayedWake:
      return "delayed_wake";
    case BuggifySite::kSplitPass:
      return "split_pass";
    case BuggifySite::kSpuriousRetry:
      return "spurious_retry";
    case BuggifySite::kSlowCommit:
      return "slow_commit";
  }
  return "unknown";
}

void SetBuggifyHooks(BuggifyHooks* hooks) {
  BuggifyHooks* expected = hooks == nullptr ? installed_hooks.load() : nullptr;
  CORDON_CHECK(installed_hooks.compare_exchange_strong(expected, hooks),
               "BUGGIFY hooks are already installed: one simulation with "
               "server BUGGIFY sites at a time");
}

bool BuggifyFires(BuggifySite site) {
  BuggifyHooks* hooks = installed_hooks.load(std::memory_order_acquire);
  return hooks != nullptr && hooks->Fires(site);
}

void BuggifyStall(BuggifySite site) {
  BuggifyHooks* hooks = installed_hooks.load(std::memory_order_acquire);
  if (hooks != nullptr && hooks->Fires(site)) hooks->Stall(site);
}

}  // namespace cordon::core
