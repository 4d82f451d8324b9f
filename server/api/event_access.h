#ifndef CORDON_SERVER_API_EVENT_ACCESS_H_
#define CORDON_SERVER_API_EVENT_ACCESS_H_

#include "absl/status/statusor.h"
#include "cordon/v1/event.pb.h"
#include "server/api/principal.h"
#include "server/engine/events/event_log.h"

namespace cordon::api {

// Which events a WatchEvents request may receive, checked (event.proto's
// service comment, TEN-1, ESC-5):
// - parent accounts/{a}: its account's events, for that account's users and
//   for SOC analysts (another account: NOT_FOUND, as for every resource);
//   accounts/-: every account, SOC analysts only;
// - organization users get their own organization's events only, and never
//   an escalation or notification event (asking for one by type is
//   PERMISSION_DENIED);
// - SOC_ALERT_RAISED and ISOLATION_PAUSED are provider-wide: SOC analysts
//   only;
// - SERVICE and AGENT keys: PERMISSION_DENIED.
// Bad input is INVALID_ARGUMENT naming the field: parent, organization (not
// a name, or not in parent), types (UNSPECIFIED or unknown).
absl::StatusOr<engine::EventFilter> EventFilterFor(
    const Principal& principal, const cordon::v1::WatchEventsRequest& request);

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_EVENT_ACCESS_H_
