#include "server/engine/events/event_builders.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace cordon::engine {
namespace {

using cordon::v1::Event;

// The first `segments` segments of `name`, or "" when it has fewer.
std::string Prefix(absl::string_view name, size_t segments) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() < segments) return "";
  parts.resize(segments);
  return absl::StrJoin(parts, "/");
}

Event Base(Event::Type type, absl::string_view resource,
           absl::string_view summary) {
  Event event;
  event.set_type(type);
  event.set_account(AccountOf(resource));
  event.set_organization(OrganizationOf(resource));
  event.set_resource(std::string(resource));
  event.set_summary(std::string(summary));
  return event;
}

}  // namespace

std::string AccountOf(absl::string_view name) { return Prefix(name, 2); }

std::string OrganizationOf(absl::string_view name) {
  std::string org = Prefix(name, 4);
  return absl::StrContains(org, "/organizations/") ? org : "";
}

Event ReportEvent(Event::Type type, const cordon::v1::IncidentReport& report,
                  absl::string_view summary) {
  Event event = Base(type, report.name(), summary);
  *event.mutable_incident_report() = report;
  return event;
}

Event DeliveryEvent(const cordon::v1::IncidentReport& report) {
  const cordon::v1::ReportDelivery& delivery = report.delivery();
  Event event = Base(
      Event::REPORT_DELIVERY_CHANGED, report.name(),
      absl::StrCat("delivery by ",
                   cordon::v1::ReportDelivery::Channel_Name(delivery.channel()),
                   " is ",
                   cordon::v1::ReportDelivery::State_Name(delivery.state())));
  *event.mutable_report_delivery() = delivery;
  return event;
}

Event ResponseActionEvent(const cordon::v1::IncidentReport& report, int index) {
  const cordon::v1::ResponseAction& action = report.response_actions(index);
  Event event = Base(
      Event::RESPONSE_ACTION_CHANGED, report.name(),
      absl::StrCat(cordon::v1::ResponseAction::Kind_Name(action.kind()), " on ",
                   action.identity(), ": ",
                   cordon::v1::ResponseAction::Outcome_Name(action.outcome())));
  *event.mutable_response_action() = action;
  return event;
}

std::vector<Event> ReportChangeEvents(const cordon::v1::IncidentReport& before,
                                      const cordon::v1::IncidentReport& after) {
  std::vector<Event> events;
  for (int i = 0; i < after.response_actions_size(); ++i) {
    if (i >= before.response_actions_size() ||
        before.response_actions(i).outcome() !=
            after.response_actions(i).outcome()) {
      events.push_back(ResponseActionEvent(after, i));
    }
  }
  if (before.delivery().state() != after.delivery().state() ||
      before.delivery().channel() != after.delivery().channel()) {
    events.push_back(DeliveryEvent(after));
  }
  return events;
}

Event IdentityEvent(const cordon::v1::Identity& identity) {
  Event event = Base(Event::IDENTITY_STATE_CHANGED, identity.name(),
                     absl::StrCat(identity.upn(), " is ",
                                  cordon::v1::Identity::IsolationState_Name(
                                      identity.isolation_state())));
  *event.mutable_identity() = identity;
  return event;
}

Event EscalationEventOf(Event::Type type,
                        const cordon::v1::Escalation& escalation,
                        absl::string_view summary) {
  Event event = Base(type, escalation.name(), summary);
  event.set_organization(escalation.organization());
  *event.mutable_escalation() = escalation;
  return event;
}

Event NotificationEvent(
    const cordon::v1::Escalation& escalation,
    const cordon::v1::EscalationNotification& notification) {
  Event event =
      Base(Event::NOTIFICATION_CHANGED, escalation.name(),
           absl::StrCat("notification by ",
                        cordon::v1::EscalationNotification::Channel_Name(
                            notification.channel()),
                        " (round ", notification.round(), "): ",
                        cordon::v1::EscalationNotification::Outcome_Name(
                            notification.outcome())));
  event.set_organization(escalation.organization());
  *event.mutable_notification() = notification;
  return event;
}

Event SocAlertEvent(const cordon::v1::SocAlert& alert) {
  Event event = Base(Event::SOC_ALERT_RAISED, alert.name(), alert.summary());
  event.set_account(alert.account());
  event.set_organization(OrganizationOf(alert.identity()));
  *event.mutable_soc_alert() = alert;
  return event;
}

Event IsolationPausedEvent(uint64_t account,
                           const cordon::v1::Escalation& escalation) {
  Event event =
      Base(Event::ISOLATION_PAUSED, escalation.name(),
           absl::StrCat("automated isolation of accounts/", account,
                        " paused at its hourly cap (ISO-14); ",
                        escalation.name(), " asks an admin to confirm"));
  event.set_account(absl::StrCat("accounts/", account));
  *event.mutable_escalation() = escalation;
  return event;
}

}  // namespace cordon::engine
