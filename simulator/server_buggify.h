#ifndef CORDON_SIMULATOR_SERVER_BUGGIFY_H_
#define CORDON_SIMULATOR_SERVER_BUGGIFY_H_

#include <string>

#include "absl/time/time.h"
#include "server/core/buggify.h"
#include "simulator/event_log.h"
#include "simulator/fault_plan.h"
#include "simulator/random.h"
#include "testing/fake_clock.h"

namespace cordon::sim {

// The server's BUGGIFY sites (server/core/buggify.h) driven by a simulated
// run: the FaultPlan says which sites are on and when one fires (from the
// run's one Random, never while quiet); a slow commit moves the run's clock
// by up to kMaxSlowCommit before the outcome is written. Each firing is
// logged ("buggify fired site=..."), so a replay shows where.
class ServerBuggify final : public core::BuggifyHooks {
 public:
  static constexpr absl::Duration kMaxSlowCommit = absl::Seconds(2);

  // All four outlive the hooks.
  ServerBuggify(FaultPlan* faults, Random* random, ports::FakeClock* clock,
                EventLog* log)
      : faults_(faults), random_(random), clock_(clock), log_(log) {}

  bool Fires(core::BuggifySite site) override {
    if (!faults_->FiresServerSite(site)) return false;
    log_->Append("buggify", "fired",
                 {{"site", std::string(core::BuggifySiteName(site))}});
    return true;
  }
  void Stall(core::BuggifySite) override {
    clock_->Advance(
        random_->UniformDuration(absl::Milliseconds(1), kMaxSlowCommit));
  }

 private:
  FaultPlan* faults_;
  Random* random_;
  ports::FakeClock* clock_;
  EventLog* log_;
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SERVER_BUGGIFY_H_
