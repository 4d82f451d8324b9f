#ifndef CORDON_SERVER_CORE_BUGGIFY_H_
#define CORDON_SERVER_CORE_BUGGIFY_H_

#include <array>

#include "absl/strings/string_view.h"

namespace cordon::core {

// FoundationDB's BUGGIFY inside the server: places where the code may take
// a path that is legal but rare in tests (a late wake-up, a pass cut short,
// an answer lost after the call succeeded, a slow commit), so that the
// simulator can make it common and show that the outcome stays right. The
// simulator switches each site on for a run with its seed and then lets it
// fire now and then (simulator/server_buggify.h, docs/simulator.md).
//
// Cost: with the CMake option CORDON_BUGGIFY off (the packaged build,
// docs/packaging.md) CORDON_BUGGIFY(site) is the constant false and every
// site compiles away. With it on (the development build, which has the
// simulator) a process where no simulation installed hooks — cordon-server,
// the tests of the real adapters — pays one atomic load per site passed.
enum class BuggifySite {
  kDelayedWake,    // the outbox worker wakes up late (a Wake() lost)
  kSplitPass,      // a worker pass handles only half of what it fetched
  kSpuriousRetry,  // an action that succeeded is retried as if timed out
  kSlowCommit,     // the write of an action's outcome takes a while
};
inline constexpr std::array<BuggifySite, 4> kAllBuggifySites = {
    BuggifySite::kDelayedWake, BuggifySite::kSplitPass,
    BuggifySite::kSpuriousRetry, BuggifySite::kSlowCommit};

// "delayed_wake", "split_pass", "spurious_retry", "slow_commit".
absl::string_view BuggifySiteName(BuggifySite site);

// What a simulation plugs in. Called from whichever thread reaches a site.
class BuggifyHooks {
 public:
  virtual ~BuggifyHooks() = default;
  // Whether `site` fires this time.
  virtual bool Fires(BuggifySite site) = 0;
  // A fired kSlowCommit: let time pass (the simulator moves its clock).
  virtual void Stall(BuggifySite site) = 0;
};

// Whether the sites are compiled in (the CMake option CORDON_BUGGIFY).
bool BuggifyCompiledIn();

// Installs `hooks` for the whole process, or removes them (null). At most
// one simulation at a time may install hooks (CORDON_CHECK).
void SetBuggifyHooks(BuggifyHooks* hooks);
// The installed hooks' verdict; false when none are installed.
bool BuggifyFires(BuggifySite site);
// Stalls when `site` fires.
void BuggifyStall(BuggifySite site);

}  // namespace cordon::core

// Only the sources listed with cordon_buggify_sources (CMake) see the
// switch: a file that places a site must be listed there.
#ifndef CORDON_BUGGIFY_ENABLED
#define CORDON_BUGGIFY_ENABLED 0
#endif
#if CORDON_BUGGIFY_ENABLED
// True when the simulation's BUGGIFY `site` fires.
#define CORDON_BUGGIFY(site) (::cordon::core::BuggifyFires(site))
// Lets time pass when the simulation's BUGGIFY `site` fires.
#define CORDON_BUGGIFY_STALL(site) (::cordon::core::BuggifyStall(site))
#else
#define CORDON_BUGGIFY(site) (false)
#define CORDON_BUGGIFY_STALL(site) ((void)0)
#endif

#endif  // CORDON_SERVER_CORE_BUGGIFY_H_
