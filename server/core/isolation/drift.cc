#include "server/core/isolation/drift.h"

namespace cordon::core {

DriftDecision DecideDrift(const DriftFacts& facts) {
  DriftDecision decision;
  if (!facts.held || facts.limited || facts.deleted_in_tenant) {
    return decision;
  }
  const bool on_prem = facts.on_prem_disable == StepState::kDone;
  const bool cloud = facts.cloud_disable == StepState::kDone;
  // Another disable still queued will land by itself: not drift yet.
  if (facts.cloud_disable == StepState::kQueued ||
      facts.on_prem_disable == StepState::kQueued) {
    return decision;
  }
  // The on-prem disable (the one that sticks) was refused: directory sync
  // undoes the cloud disable every cycle, which is that failure's known
  // consequence, shown on the identity (ISO-11), not someone's re-enable.
  // Disabling in the cloud again each run would only repeat it.
  if (facts.on_prem_disable == StepState::kFailed) return decision;
  decision.disable_on_prem_account = on_prem;
  decision.disable_cloud_account = cloud || on_prem;
  return decision;
}

}  // namespace cordon::core
