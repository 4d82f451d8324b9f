#ifndef CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_EVENTS_MIGRATION_H_
#define CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_EVENTS_MIGRATION_H_

#include "absl/status/status.h"
#include "server/store/database.h"

namespace cordon::engine {

// At start, before serving, once per database (a kMeta marker records it):
// moves the occurrences that escalations written before issue 14 kept in
// their own row (Escalation.events, event_count) into EscalationEvents'
// rows, and clears them from the row. One transaction per escalation, so a
// crash part-way leaves every escalation either moved or untouched, and the
// next start moves the rest.
absl::Status MoveEscalationEventsToRows(store::Database& db);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_ESCALATION_EVENTS_MIGRATION_H_
