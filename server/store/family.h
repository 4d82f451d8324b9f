#ifndef CORDON_SERVER_STORE_FAMILY_H_
#define CORDON_SERVER_STORE_FAMILY_H_

#include <array>

#include "absl/strings/string_view.h"

namespace cordon::store {

// One RocksDB column family per entity kind, plus families for indexes and
// bookkeeping. The numbering is internal; the names are what is on disk, so a
// name never changes meaning. New kinds are appended.
enum class Family {
  kMeta = 0,       // schema version, id high-water mark
  kAccounts,       // be64(account) -> AccountRecord
  kOrganizations,  // be64(account) be64(org) -> Organization
  kIdentities,     // be64(account) be64(org) be64(identity) -> Identity
  kUsers,          // be64(account) be64(user) -> User
  kApiKeys,        // be64(key) -> ApiKeyRecord
  kAudit,          // be64(account or 0) be64(event) -> AuditEvent
  kIdempotency,    // be64(account or 0) request_id -> IdempotencyRecord
  kIndex,          // index kind byte + fields -> referenced id (see indexes.h)
  kIncidentReports,  // be64(account) be64(org) be64(report) -> IncidentReport
  kIsolation,        // identity key -> IsolationRecord
  kOutbox,           // be64(due micros) be64(action) -> OutboxAction
  kEscalations,      // be64(account) be64(escalation) -> Escalation
  kAccessRules,      // be64(account) be64(rule) -> AccessRule
  // be64(account) event id -> "" (idempotent ingestion of sign-ins);
  // be64(account) 0x01 event id -> "" for endpoint status events (a sign-in
  // event id is printable, so the two never collide)
  kTelemetryEvents,
  // be64(account) be64(org) 0x01 endpoint id -> EndpointRecord;
  // be64(account) be64(org) 0x00 -> OrgIsolationRecord (endpoint_monitor.h)
  kEndpoints,
  kSocAlerts,  // be64(alert) -> cordon.v1.SocAlert
  // be64(account) -> IsolationGuardRecord (ISO-14 blast-radius guard)
  kIsolationGuard,
  kInventory,  // be64(account) be64(org) -> cordon.store.InventoryState
  // be64(account) be64(org) be64(sequence) -> AgentCommandRecord (ISO-15)
  kAgentCommands,
  // be64(cursor) -> cordon.v1.Event, its cursor left out (the key holds it):
  // the event log, in commit order (store/event_row.h)
  kEvents,
  // be64(account) be64(cursor) -> be64(organization) type byte: one
  // account's events, filterable without reading them
  kEventsByAccount,
  kCount,
};

inline constexpr std::array<absl::string_view, static_cast<int>(Family::kCount)>
    kFamilyNames = {"meta",
                    "accounts",
                    "organizations",
                    "identities",
                    "users",
                    "api_keys",
                    "audit",
                    "idempotency",
                    "index",
                    "incident_reports",
                    "isolation",
                    "outbox",
                    "escalations",
                    "access_rules",
                    "telemetry_events",
                    "endpoints",
                    "soc_alerts",
                    "isolation_guard",
                    "inventory",
                    "agent_commands",
                    "events",
                    "events_by_account"};

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_FAMILY_H_
