#ifndef CORDON_SERVER_CORE_ESCALATION_ESCALATION_TYPE_H_
#define CORDON_SERVER_CORE_ESCALATION_ESCALATION_TYPE_H_

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/core/escalation/severity_schedule.h"

namespace cordon::core {

// ESC-2: the six escalation types, and ISO-14's cap.
enum class EscalationType {
  kIntegrationPsaDeliveryFailed,
  kSystemHealthDefenderRtpDisabled,
  kHostIsolationOrgWide,
  kIntegrationM365Inaccessible,
  kLoginUnexpectedCountry,
  kLoginUnexpectedVpn,
  // ISO-14: automated isolation of the account reached its hourly cap.
  kIsolationCapReached,
};

// The ESC-2 names: "INTEGRATION_PSA_DELIVERY_FAILED", ...
absl::string_view EscalationTypeName(EscalationType type);

// ESC-3: the two "unwanted access" types.
bool IsLoginEscalation(EscalationType type);

// ESC-2: the severity of a new escalation of `type`. The PSA delivery
// failure takes the severity of the incident report that failed
// (`report_severity`; HIGH when absent, so a caller that forgets it still
// gets a timely re-notification); every other type has a fixed severity and
// ignores the argument.
Severity EscalationSeverity(
    EscalationType type,
    absl::optional<Severity> report_severity = absl::nullopt);

// ESC-9.
enum class EscalationStatus { kOpen, kOverdue, kResolved };
absl::string_view EscalationStatusName(EscalationStatus status);

// ESC-9: how an escalation was resolved.
enum class Resolution {
  kRule,       // a login escalation covered by a created access rule (ESC-4)
  kDismissed,  // a login escalation answered with neither determination
               // nor scope (ESC-8)
  kAutomatic,  // the condition ended by itself (RTP seen on again)
  kAnswered,   // an admin answer that acted and, where it has to, succeeded
               // (PSA deliveries retried, M365 access re-tested, host
               // isolation acknowledged)
};
absl::string_view ResolutionName(Resolution resolution);

// ESC-9: RESOLVED when resolved; otherwise OVERDUE from the due time on
// while unanswered (IsOverdue); otherwise OPEN.
EscalationStatus DeriveEscalationStatus(absl::Time created, Severity severity,
                                        absl::Time now, bool answered,
                                        bool resolved);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_ESCALATION_TYPE_H_
