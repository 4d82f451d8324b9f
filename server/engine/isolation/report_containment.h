#ifndef CORDON_SERVER_ENGINE_ISOLATION_REPORT_CONTAINMENT_H_
#define CORDON_SERVER_ENGINE_ISOLATION_REPORT_CONTAINMENT_H_

#include "cordon/v1/incident.pb.h"
#include "server/metrics/registry.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// Time to contain (issue 14): sets `after`'s containments, containment state
// and time_to_contain from its response actions (core::DecideContainment),
// `before` being the report as stored before this write. Called on every
// write of a report's isolation, so the figure is stored in the transaction
// that records the last lock-out outcome, from the times the engine's clock
// recorded; nothing is computed when the report is read. Reports that are not
// sent or not isolation-worthy keep none.
void StampContainment(const cordon::v1::IncidentReport& before,
                      cordon::v1::IncidentReport* after);

// cordon_time_to_contain_seconds, by the report's severity: one observation
// per report, its time_to_contain, when it becomes CONTAINED.
metrics::Family<metrics::Histogram>& TimeToContainHistogram(
    metrics::Registry& registry);

// Observes `after`'s time to contain in `histogram` once `txn` commits, if
// this write (from `before`) is the one that made the report CONTAINED.
void ObserveIfContained(const cordon::v1::IncidentReport& before,
                        const cordon::v1::IncidentReport& after,
                        metrics::Family<metrics::Histogram>* histogram,
                        store::Transaction& txn);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ISOLATION_REPORT_CONTAINMENT_H_
