#ifndef CORDON_SERVER_ENGINE_OUTBOX_OUTBOX_METRICS_H_
#define CORDON_SERVER_ENGINE_OUTBOX_OUTBOX_METRICS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "cordon/store/records.pb.h"
#include "server/core/isolation/error_class.h"
#include "server/engine/outbox/action_log.h"
#include "server/engine/outbox/outbox.h"
#include "server/metrics/registry.h"
#include "server/ports/clock.h"

namespace cordon::engine {

// Who an action of `kind` calls: "graph" (Microsoft Graph), "agent" (hands
// a command to the on-prem agent), "psa", "email", or "none" (timers and
// housekeeping).
absl::string_view DependencyOf(cordon::store::OutboxAction::Kind kind);

// What the outbox shows an operator (docs/operations.md, "Watching
// Cordon"): the worker's actions by kind, end and error class, how long
// each call to the outside world took, and, read when a scrape comes, the
// actions due now and how late the oldest is, by kind. The calls record
// with relaxed atomic adds; the due figures read at most kMaxDueRead
// actions from the start of the due-ordered outbox, as a worker pass does,
// so a scrape costs the same however many timers are queued for later.
class OutboxMetrics {
 public:
  // Due actions a scrape reads at most; beyond, the counts stop there.
  static constexpr int kMaxDueRead = 1000;

  // `outbox` and `clock` must outlive this.
  OutboxMetrics(metrics::Registry* registry, const ports::Clock* clock,
                const Outbox* outbox);

  // One call to the outside world (ActionHandler::Perform) took `took`.
  void RecordPerform(cordon::store::OutboxAction::Kind kind,
                     absl::Duration took);
  // The worker committed `end` for an action whose call came to
  // `error_class` (kSuccess when no call was made); kNone counts nothing.
  void RecordEnd(cordon::store::OutboxAction::Kind kind, ActionOutcomeClass end,
                 core::ErrorClass error_class);

 private:
  // The samples of the two due families, by kind.
  std::vector<metrics::Sample> DueSamples(bool oldest_age) const;

  const ports::Clock* clock_;
  const Outbox* outbox_;
  metrics::Family<metrics::Counter>& actions_;
  metrics::Family<metrics::Histogram>& perform_;
  metrics::Registry::Registration due_;
  metrics::Registry::Registration oldest_due_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_OUTBOX_OUTBOX_METRICS_H_
