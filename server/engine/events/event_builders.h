#ifndef CORDON_SERVER_ENGINE_EVENTS_EVENT_BUILDERS_H_
#define CORDON_SERVER_ENGINE_EVENTS_EVENT_BUILDERS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/event.pb.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/incident.pb.h"
#include "cordon/v1/soc_alert.pb.h"

namespace cordon::engine {

// The events the workflows append (EventLog::Append): for each kind of
// change, the account and organization it belongs to (which decide who
// receives it), the resource it is about, a summary in words and the
// resource as it is after the change. Summaries name resources and states,
// never secrets.

cordon::v1::Event ReportEvent(cordon::v1::Event::Type type,
                              const cordon::v1::IncidentReport& report,
                              absl::string_view summary);
// REPORT_DELIVERY_CHANGED: the report's delivery as it is now.
cordon::v1::Event DeliveryEvent(const cordon::v1::IncidentReport& report);
// RESPONSE_ACTION_CHANGED: the report's response action at `index`.
cordon::v1::Event ResponseActionEvent(const cordon::v1::IncidentReport& report,
                                      int index);
// What changed on a report between two writes: a RESPONSE_ACTION_CHANGED
// for each action recorded or whose outcome moved (ISO-3, ISO-11), and a
// REPORT_DELIVERY_CHANGED when its delivery's channel or state moved.
std::vector<cordon::v1::Event> ReportChangeEvents(
    const cordon::v1::IncidentReport& before,
    const cordon::v1::IncidentReport& after);
// IDENTITY_STATE_CHANGED.
cordon::v1::Event IdentityEvent(const cordon::v1::Identity& identity);
cordon::v1::Event EscalationEventOf(cordon::v1::Event::Type type,
                                    const cordon::v1::Escalation& escalation,
                                    absl::string_view summary);
// NOTIFICATION_CHANGED (ESC-9).
cordon::v1::Event NotificationEvent(
    const cordon::v1::Escalation& escalation,
    const cordon::v1::EscalationNotification& notification);
// SOC_ALERT_RAISED (ESC-4), provider-wide.
cordon::v1::Event SocAlertEvent(const cordon::v1::SocAlert& alert);
// ISOLATION_PAUSED (ISO-14), provider-wide; `escalation` asks to confirm.
cordon::v1::Event IsolationPausedEvent(
    uint64_t account, const cordon::v1::Escalation& escalation);

// "accounts/{a}" and "accounts/{a}/organizations/{o}" (empty when the name
// has none) of a resource name.
std::string AccountOf(absl::string_view name);
std::string OrganizationOf(absl::string_view name);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_EVENTS_EVENT_BUILDERS_H_
