#ifndef CORDON_SERVER_ENGINE_INCIDENTS_INCIDENT_MANAGER_H_
#define CORDON_SERVER_ENGINE_INCIDENTS_INCIDENT_MANAGER_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "cordon/v1/incident.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "server/core/resource_name.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/idempotency.h"
#include "server/engine/common/page.h"
#include "server/engine/events/event_log.h"
#include "server/engine/incidents/incident_report_delivery.h"
#include "server/engine/isolation/isolation_engine.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"

namespace cordon::engine {

// Incident reports: DRAFT -> SENT -> RESOLVED | REJECTED. Sending an
// isolation-worthy report isolates its identities in the same write (ISO-2);
// closing it releases its holds (ISO-4). Sending also queues its delivery to
// the partner (PSA ticket or e-mail, ESC-3) in that write.
class IncidentManager {
 public:
  IncidentManager(store::Database* db, const ports::Clock* clock,
                  AuditLog* audit, IsolationEngine* isolation,
                  IncidentReportDelivery* delivery, const EventLog* events,
                  std::function<void()> on_actions_queued)
      : db_(db),
        clock_(clock),
        audit_(audit),
        isolation_(isolation),
        delivery_(delivery),
        events_(events),
        on_actions_queued_(std::move(on_actions_queued)) {}

  absl::StatusOr<cordon::v1::IncidentReport> Create(
      const Actor& actor, const core::OrganizationName& parent,
      const cordon::v1::IncidentReport& report, const IdempotentCall& call);
  absl::StatusOr<cordon::v1::IncidentReport> Get(
      const core::IncidentReportName& name) const;

  struct ListQuery {
    uint64_t account = 0;
    absl::optional<uint64_t> organization;  // all organizations when absent
    absl::optional<cordon::v1::IncidentReport::Status> status;
    absl::optional<cordon::v1::Severity> severity;
    // ISO-10: reports where this action succeeded.
    absl::optional<cordon::v1::ResponseAction::Kind> response_action;
  };
  absl::StatusOr<Page<cordon::v1::IncidentReport>> List(
      const ListQuery& query, const PageRequest& page) const;

  absl::StatusOr<cordon::v1::IncidentReport> Update(
      const Actor& actor, const cordon::v1::IncidentReport& patch,
      const google::protobuf::FieldMask& mask);
  absl::StatusOr<cordon::v1::IncidentReport> Send(
      const Actor& actor, const core::IncidentReportName& name,
      const std::string& etag);
  // Resolve (or reject as a false positive) a sent report.
  absl::StatusOr<cordon::v1::IncidentReport> Close(
      const Actor& actor, const core::IncidentReportName& name,
      const std::string& etag, cordon::v1::IncidentReport::Status to);

 private:
  // What sending did to the report's identities (ISO-2, ISO-14).
  struct IsolationTally {
    int actions = 0;  // response actions queued or done
    int held = 0;     // identities held at the blast-radius cap
  };
  // Isolates every identity of an isolation-worthy report being sent and
  // appends the response actions to it.
  absl::StatusOr<IsolationTally> IsolateIdentities(
      store::Transaction& txn, cordon::v1::IncidentReport* report);
  absl::Status Validate(const core::OrganizationName& parent,
                        const cordon::v1::IncidentReport& report) const;
  absl::StatusOr<cordon::v1::IncidentReport> LockReport(
      store::Transaction& txn, const core::IncidentReportName& name);

  store::Database* db_;
  const ports::Clock* clock_;
  AuditLog* audit_;
  IsolationEngine* isolation_;
  IncidentReportDelivery* delivery_;
  const EventLog* events_;
  std::function<void()> on_actions_queued_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_INCIDENTS_INCIDENT_MANAGER_H_
