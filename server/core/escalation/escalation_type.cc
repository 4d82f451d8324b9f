#include "server/core/escalation/escalation_type.h"

namespace cordon::core {

absl::string_view EscalationTypeName(EscalationType type) {
  switch (type) {
    case EscalationType::kIntegrationPsaDeliveryFailed:
      return "INTEGRATION_PSA_DELIVERY_FAILED";
    case EscalationType::kSystemHealthDefenderRtpDisabled:
      return "SYSTEM_HEALTH_DEFENDER_RTP_DISABLED";
    case EscalationType::kHostIsolationOrgWide:
      return "HOST_ISOLATION_ORG_WIDE";
    case EscalationType::kIntegrationM365Inaccessible:
      return "INTEGRATION_M365_INACCESSIBLE";
    case EscalationType::kLoginUnexpectedCountry:
      return "LOGIN_UNEXPECTED_COUNTRY";
    case EscalationType::kLoginUnexpectedVpn:
      return "LOGIN_UNEXPECTED_VPN";
    case EscalationType::kIsolationCapReached:
      return "ISOLATION_CAP_REACHED";
  }
  return "UNKNOWN";
}

bool IsLoginEscalation(EscalationType type) {
  return type == EscalationType::kLoginUnexpectedCountry ||
         type == EscalationType::kLoginUnexpectedVpn;
}

Severity EscalationSeverity(EscalationType type,
                            absl::optional<Severity> report_severity) {
  switch (type) {
    case EscalationType::kIntegrationPsaDeliveryFailed:
      return report_severity.value_or(Severity::kHigh);
    case EscalationType::kSystemHealthDefenderRtpDisabled:
      return Severity::kHigh;
    case EscalationType::kHostIsolationOrgWide:
    case EscalationType::kIntegrationM365Inaccessible:
    case EscalationType::kIsolationCapReached:
      return Severity::kCritical;
    case EscalationType::kLoginUnexpectedCountry:
    case EscalationType::kLoginUnexpectedVpn:
      return Severity::kLow;
  }
  return Severity::kCritical;
}

absl::string_view EscalationStatusName(EscalationStatus status) {
  switch (status) {
    case EscalationStatus::kOpen:
      return "OPEN";
    case EscalationStatus::kOverdue:
      return "OVERDUE";
    case EscalationStatus::kResolved:
      return "RESOLVED";
  }
  return "UNKNOWN";
}

absl::string_view ResolutionName(Resolution resolution) {
  switch (resolution) {
    case Resolution::kRule:
      return "RULE";
    case Resolution::kDismissed:
      return "DISMISSED";
    case Resolution::kAutomatic:
      return "AUTOMATIC";
    case Resolution::kAnswered:
      return "ANSWERED";
  }
  return "UNKNOWN";
}

EscalationStatus DeriveEscalationStatus(absl::Time created, Severity severity,
                                        absl::Time now, bool answered,
                                        bool resolved) {
  if (resolved) return EscalationStatus::kResolved;
  if (IsOverdue(created, severity, now, answered)) {
    return EscalationStatus::kOverdue;
  }
  return EscalationStatus::kOpen;
}

}  // namespace cordon::core
