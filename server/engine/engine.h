#ifndef CORDON_SERVER_ENGINE_ENGINE_H_
#define CORDON_SERVER_ENGINE_ENGINE_H_

#include <memory>
#include <string>

#include "server/core/check.h"
#include "server/core/errors.h"
#include "server/engine/agent/agent_actions.h"
#include "server/engine/agent/agent_commands.h"
#include "server/engine/agent/agent_connections.h"
#include "server/engine/agent/agent_presence.h"
#include "server/engine/backup/backup_manager.h"
#include "server/engine/common/child_counts.h"
#include "server/engine/common/dedup_rows.h"
#include "server/engine/common/resume_key.h"
#include "server/engine/common/retention_timer.h"
#include "server/engine/escalation/access_rule_manager.h"
#include "server/engine/escalation/escalation_answerer.h"
#include "server/engine/escalation/escalation_delivery.h"
#include "server/engine/escalation/escalation_events_migration.h"
#include "server/engine/escalation/escalation_manager.h"
#include "server/engine/escalation/escalation_notice_timer.h"
#include "server/engine/escalation/open_escalation_counts.h"
#include "server/engine/escalation/psa_delivery_failures.h"
#include "server/engine/events/event_log.h"
#include "server/engine/events/event_notifier.h"
#include "server/engine/incidents/incident_manager.h"
#include "server/engine/incidents/incident_report_delivery.h"
#include "server/engine/inventory/inventory_sync.h"
#include "server/engine/inventory/inventory_timer.h"
#include "server/engine/isolation/action_executor.h"
#include "server/engine/isolation/blast_radius_guard.h"
#include "server/engine/isolation/drift_correction.h"
#include "server/engine/isolation/held_isolations.h"
#include "server/engine/isolation/isolation_actions.h"
#include "server/engine/isolation/isolation_engine.h"
#include "server/engine/isolation/m365_tenant_access.h"
#include "server/engine/isolation/manual_isolation.h"
#include "server/engine/isolation/report_containment.h"
#include "server/engine/outbox/outbox.h"
#include "server/engine/outbox/outbox_metrics.h"
#include "server/engine/outbox/outbox_worker.h"
#include "server/engine/status/dependency_board.h"
#include "server/engine/status/dependency_status.h"
#include "server/engine/status/recording_ports.h"
#include "server/engine/telemetry/endpoint_monitor.h"
#include "server/engine/telemetry/soc_alerts.h"
#include "server/engine/telemetry/telemetry_manager.h"
#include "server/engine/tenancy/account_manager.h"
#include "server/engine/tenancy/agent_key_manager.h"
#include "server/engine/tenancy/api_key_manager.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/engine/tenancy/identity_manager.h"
#include "server/engine/tenancy/m365_access_check.h"
#include "server/engine/tenancy/organization_manager.h"
#include "server/engine/tenancy/psa_integration_check.h"
#include "server/engine/tenancy/secrets_at_rest.h"
#include "server/engine/tenancy/user_manager.h"
#include "server/metrics/registry.h"
#include "server/ports/clock.h"
#include "server/ports/endpoint_resolver.h"
#include "server/ports/entropy.h"
#include "server/ports/graph.h"
#include "server/ports/mailer.h"
#include "server/ports/psa.h"
#include "server/ports/random_source.h"
#include "server/store/database.h"

namespace cordon::engine {

// The ports the engine talks to; main.cc passes real ones, tests and the
// simulator fakes.
struct Ports {
  const ports::Clock* clock = nullptr;
  ports::Entropy* entropy = nullptr;
  ports::Graph* graph = nullptr;
  ports::RandomSource* random = nullptr;
  // Null means "not configured": deliveries through it fail visibly.
  ports::Psa* psa = nullptr;
  ports::Mailer* mailer = nullptr;
  // Seals PSA secrets at rest; null: PSA secrets cannot be stored.
  ports::SecretSealer* secrets = nullptr;
  // Resolves PSA endpoint hosts; null: only IP-literal hosts are accepted.
  ports::EndpointResolver* resolver = nullptr;
  // Where the engine and the API record metrics (server/metrics); null: the
  // engine keeps a registry of its own (tests, the simulator).
  metrics::Registry* metrics = nullptr;
};

struct EngineOptions {
  OutboxWorkerOptions worker;
  // ISO-12: how often a bound tenant's inventory runs; zero = never (tests
  // and the simulator run it by hand unless they set it).
  absl::Duration inventory_interval = absl::ZeroDuration();
  // PSA endpoints may resolve to loopback/private addresses (tests only).
  bool allow_private_endpoints = false;
  // How long the event log keeps events (cordon-server --event_retention);
  // zero keeps them for ever and queues no PRUNE_EVENTS timer (tests and
  // the simulator, unless they set it).
  absl::Duration event_retention = absl::ZeroDuration();
  // How long a create's request_id and a telemetry event's id make a retry
  // safe (cordon-server --dedup_retention); zero keeps them for ever and
  // queues no PRUNE_DEDUP_ROWS timer (tests and the simulator, unless they
  // set it).
  absl::Duration dedup_retention = absl::ZeroDuration();
  // Where CreateBackup writes its checkpoints (cordon-server --backup_dir),
  // absolute; "" takes none (FAILED_PRECONDITION).
  std::string backup_dir;
};

// Every workflow of the server, wired to one database and one set of ports.
// The API layer talks to nothing else.
class Engine {
 public:
  Engine(store::Database* db, const Ports& ports,
         const EngineOptions& options = {})
      : db_(db),
        clock_(ports.clock),
        owned_metrics_(ports.metrics != nullptr
                           ? nullptr
                           : std::make_unique<metrics::Registry>()),
        metrics_(ports.metrics != nullptr ? ports.metrics
                                          : owned_metrics_.get()),
        dependency_board_(ports.clock->Now()),
        recorded_(ports.graph, ports.psa, ports.mailer, ports.clock,
                  &dependency_board_),
        dependency_status_(db, ports.clock, &dependency_board_,
                           &agent_presence_),
        event_log_(db, ports.clock),
        outbox_(db),
        outbox_metrics_(metrics_, ports.clock, &outbox_),
        open_escalations_(db, ports.clock, metrics_),
        event_retention_(EventRetention(db, ports, options.event_retention)),
        dedup_retention_(DedupRetention(db, ports, options.dedup_retention)),
        page_token_secret_(db, ports.entropy),
        guard_(ports.clock, &escalations_, &event_log_),
        isolation_(db, ports.clock, &outbox_, &event_log_, &guard_,
                   &TimeToContainHistogram(*metrics_)),
        // An injected group executor (the simulator's) orders every call
        // itself: the rule action's two reads then go one after the other.
        executor_(recorded_.graph.get(), ports.clock,
                  options.worker.parallelism > 1 &&
                      options.worker.executor == nullptr),
        m365_access_(ports.clock, &executor_, &escalations_, &outbox_),
        isolation_actions_(&executor_, &isolation_, &m365_access_,
                           ContainmentRetryPolicy()),
        worker_(db, ports.clock, ports.random, &outbox_, &router_,
                options.worker),
        agent_commands_(db, ports.clock),
        agent_actions_(db, ports.clock, ports.random, &isolation_, &outbox_,
                       &agent_commands_, &agent_presence_,
                       ContainmentRetryPolicy()),
        audit_(db, ports.clock),
        backups_(db, ports.clock, &audit_, options.backup_dir),
        endpoint_policy_(ports.resolver, options.allow_private_endpoints),
        agent_connections_(db, ports.clock, &audit_, &agent_presence_),
        accounts_(db, ports.clock, &audit_, ports.secrets, &endpoint_policy_),
        secrets_at_rest_(db, ports.secrets),
        psa_check_(db, ports.clock, recorded_.psa.get(), ports.secrets,
                   &audit_),
        organizations_(db, ports.clock, &audit_),
        m365_check_(db, recorded_.graph.get(), &audit_, &organizations_),
        identities_(db, ports.clock, &audit_),
        api_keys_(db, ports.clock, &audit_, ports.entropy),
        agent_keys_(db, ports.clock, &api_keys_, &audit_),
        users_(db, ports.clock, &audit_, &api_keys_),
        psa_failures_(db, ports.clock, &escalations_, &outbox_),
        report_delivery_(db, ports.clock, &psa_failures_, &outbox_,
                         recorded_.psa.get(), ports.secrets,
                         recorded_.mailer.get(), &event_log_),
        incidents_(db, ports.clock, &audit_, &isolation_, &report_delivery_,
                   &event_log_, [this] { worker_.Wake(); }),
        manual_isolation_(db, &audit_, &isolation_, [this] { worker_.Wake(); }),
        escalations_(db, ports.clock, &audit_, &outbox_, &event_log_,
                     &open_escalations_),
        escalation_notice_timer_(db, ports.clock, &escalations_, &outbox_),
        escalation_delivery_(db, ports.clock, &escalations_, &psa_failures_,
                             recorded_.psa.get(), ports.secrets,
                             recorded_.mailer.get()),
        access_rules_(db, ports.clock, &audit_, &isolation_, &escalations_,
                      [this] { worker_.Wake(); }),
        soc_alerts_(db, ports.clock, &event_log_),
        telemetry_(db, ports.clock, &audit_, &isolation_, &escalations_,
                   &access_rules_, &soc_alerts_, [this] { worker_.Wake(); }),
        endpoints_(db, ports.clock, &outbox_, &escalations_,
                   [this] { worker_.Wake(); }),
        held_isolations_(ports.clock, &isolation_, &guard_, &audit_),
        escalation_answerer_(db, &escalations_, &audit_, &access_rules_,
                             &psa_failures_, &m365_access_, &held_isolations_,
                             [this] { worker_.Wake(); }),
        drift_(db, ports.clock, &isolation_, &audit_),
        inventory_(
            db, ports.clock, recorded_.graph.get(),
            [this](store::Transaction& txn,
                   const core::IdentityName& identity) {
              return drift_.OnEnabled(txn, identity);
            },
            &escalations_, &audit_, [this] { worker_.Wake(); }),
        inventory_timer_(db, ports.clock, &inventory_, &outbox_,
                         options.inventory_interval) {
    WireHooks(db);
    RouteEveryAction();
    CountOpenEscalations(db);
  }

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  AuditLog& audit() { return audit_; }
  const ports::Clock& clock() const { return *clock_; }
  // Every metric of the server (GET /metrics with --metrics_listen).
  metrics::Registry& metrics() { return *metrics_; }
  // The database the engine writes to: the API's health reads from it
  // whether the disk accepts writes.
  store::Database& database() { return *db_; }
  // Tries to resume a store that refuses writes; whether it takes them
  // (grpc.health.v1 follows it: api/store_health.h).
  bool TryResumeWrites() { return db_->TryResumeWrites(); }
  // Issue 12: what happened, for EventService.WatchEvents.
  const EventLog& events() const { return event_log_; }
  EventNotifier& event_notifier() { return *event_notifier_; }
  // At start, before serving, on a store an older version wrote: tracks the
  // dedup rows it wrote untracked, moves the occurrences it kept in
  // escalation rows into rows of their own and sets the child counters it
  // did not keep. Each runs once per store (a kMeta marker).
  absl::Status UpgradeOldStore() {
    CORDON_RETURN_IF_ERROR(TrackUntrackedDedupRows(*db_, clock_->Now()));
    CORDON_RETURN_IF_ERROR(MoveEscalationEventsToRows(*db_));
    return CountChildrenOfOldStore(*db_);
  }
  // At start, before serving: queues each retention timer (events, retry
  // dedup rows) unless one is queued.
  absl::Status StartRetentionTimers() {
    CORDON_RETURN_IF_ERROR(event_retention_.Start());
    return dedup_retention_.Start();
  }
  AccountManager& accounts() { return accounts_; }
  // At start, before serving: the key check and the legacy migration.
  SecretsAtRest& secrets_at_rest() { return secrets_at_rest_; }
  PsaIntegrationCheck& psa_check() { return psa_check_; }
  OrganizationManager& organizations() { return organizations_; }
  M365AccessCheck& m365_check() { return m365_check_; }
  IdentityManager& identities() { return identities_; }
  ApiKeyManager& api_keys() { return api_keys_; }
  AgentKeyManager& agent_keys() { return agent_keys_; }
  UserManager& users() { return users_; }
  IncidentManager& incidents() { return incidents_; }
  IsolationEngine& isolation() { return isolation_; }
  ManualIsolation& manual_isolation() { return manual_isolation_; }
  EscalationManager& escalations() { return escalations_; }
  EscalationAnswerer& escalation_answerer() { return escalation_answerer_; }
  // Issue 14: cordon_escalations_open's counts.
  OpenEscalationCounts& open_escalations() { return open_escalations_; }
  AccessRuleManager& access_rules() { return access_rules_; }
  TelemetryManager& telemetry() { return telemetry_; }
  SocAlerts& soc_alerts() { return soc_alerts_; }
  EndpointMonitor& endpoints() { return endpoints_; }
  InventorySync& inventory() { return inventory_; }
  DriftCorrection& drift() { return drift_; }
  Outbox& outbox() { return outbox_; }
  // The API edge loads it once at start to authenticate page tokens.
  PageTokenSecret& page_token_secret() { return page_token_secret_; }
  // Performs queued actions: Start() it in a server, or step it with
  // RunUntilIdle() in tests and the simulator.
  OutboxWorker& worker() { return worker_; }
  // ISO-15: the on-prem agents' commands, acknowledgements and connections.
  AgentCommands& agent_commands() { return agent_commands_; }
  AgentActions& agent_actions() { return agent_actions_; }
  AgentConnections& agent_connections() { return agent_connections_; }
  // Issue 14: CreateBackup.
  BackupManager& backups() { return backups_; }
  // Issue 14: GetDependencyStatus.
  const DependencyStatusReader& dependency_status() const {
    return dependency_status_;
  }

 private:
  // --event_retention: the event log's PRUNE_EVENTS timer. Uses outbox_ and
  // event_log_, which are built before it.
  RetentionTimer EventRetention(store::Database* db, const Ports& ports,
                                absl::Duration retention) {
    return RetentionTimer(
        db, ports.clock, &outbox_, cordon::store::OutboxAction::PRUNE_EVENTS,
        "event_prune_queued", retention,
        [this](store::Transaction& txn, absl::Time before, int limit) {
          return event_log_.Prune(txn, before, limit);
        });
  }
  // --dedup_retention: the PRUNE_DEDUP_ROWS timer of the request ids and
  // telemetry event ids (dedup_rows.h).
  RetentionTimer DedupRetention(store::Database* db, const Ports& ports,
                                absl::Duration retention) {
    return RetentionTimer(
        db, ports.clock, &outbox_,
        cordon::store::OutboxAction::PRUNE_DEDUP_ROWS, "dedup_prune_queued",
        retention, [db](store::Transaction& txn, absl::Time before, int limit) {
          return PruneDedupRows(*db, txn, before, limit);
        });
  }

  // The hooks between components that the initializer list cannot pass.
  void WireHooks(store::Database* db) {
    worker_.SetMetrics(&outbox_metrics_);
    organizations_.SetOnTenantBound([this](store::Transaction& txn,
                                           const core::OrganizationName& org,
                                           const std::string& tenant) {
      return inventory_timer_.Schedule(txn, org, tenant);
    });
    // Streams wake when a commit makes events visible. The listener shares
    // the notifier, so the database may outlive this engine (main.cc closes
    // it first) without calling into a destroyed one.
    db->SetEventListener(
        [notifier = event_notifier_](int64_t) { notifier->Notify(); });
  }

  // Issue 14: the one scan of the open escalations; every commit keeps
  // the counts from here on, other servers' too (issue 15). The feed
  // first: a row another server writes during the scan is then read again
  // after it (a change told early is harmless).
  void CountOpenEscalations(store::Database* db) {
    escalation_changes_ =
        db->FollowChanges(store::Family::kEscalations,
                          [this](const std::vector<std::string>& keys) {
                            open_escalations_.OnChanged(keys);
                          });
    open_escalations_.Seed();
  }

  // Gives every outbox action kind its handler, and checks none is left:
  // an unrouted kind would sit in the outbox for ever.
  void RouteEveryAction() {
    router_.Route(cordon::store::OutboxAction::INVENTORY_SYNC,
                  &inventory_timer_);
    router_.Route(cordon::store::OutboxAction::PRUNE_EVENTS, &event_retention_);
    router_.Route(cordon::store::OutboxAction::PRUNE_DEDUP_ROWS,
                  &dedup_retention_);
    router_.Route(cordon::store::OutboxAction::RTP_CHECK, &endpoints_);
    isolation_actions_.RouteAll(router_);
    agent_actions_.RouteAll(router_);
    escalation_notice_timer_.RouteAll(router_);
    escalation_delivery_.RouteAll(router_);
    report_delivery_.RouteAll(router_);
    m365_access_.RouteAll(router_);
    for (int kind = cordon::store::OutboxAction::Kind_MIN + 1;
         kind <= cordon::store::OutboxAction::Kind_MAX; ++kind) {
      if (!cordon::store::OutboxAction::Kind_IsValid(kind)) continue;
      CORDON_CHECK(router_.For(static_cast<cordon::store::OutboxAction::Kind>(
                       kind)) != nullptr,
                   "an outbox action kind has no handler");
    }
  }
  store::Database* db_;
  const ports::Clock* clock_;
  // Before every workflow: they may record into it from their constructors.
  std::unique_ptr<metrics::Registry> owned_metrics_;
  metrics::Registry* metrics_;
  // Issue 14: every Graph, PSA and mail outcome passes the board on its way
  // to the workflows below, which are given the recording ports.
  DependencyBoard dependency_board_;
  RecordingPorts recorded_;
  DependencyStatusReader dependency_status_;
  // First: every workflow below appends to it.
  EventLog event_log_;
  std::shared_ptr<EventNotifier> event_notifier_ =
      std::make_shared<EventNotifier>();
  Outbox outbox_;
  OutboxMetrics outbox_metrics_;
  // cordon_escalations_open; before escalations_, which reports each
  // escalation write to it.
  OpenEscalationCounts open_escalations_;
  RetentionTimer event_retention_;
  RetentionTimer dedup_retention_;
  PageTokenSecret page_token_secret_;
  // ISO-14: raises ISOLATION_CAP_REACHED through escalations_ (declared
  // later; only used once requests run).
  BlastRadiusGuard guard_;
  IsolationEngine isolation_;
  ActionExecutor executor_;
  // Raises M365-inaccessible escalations from isolation failures and
  // re-tests access on "retry access".
  M365TenantAccess m365_access_;
  IsolationActions isolation_actions_;
  // Filled in the constructor's body, before the worker can run.
  ActionRouter router_;
  OutboxWorker worker_;
  AgentPresence agent_presence_;
  AgentCommands agent_commands_;
  AgentActions agent_actions_;
  AuditLog audit_;
  BackupManager backups_;
  EndpointPolicy endpoint_policy_;
  AgentConnections agent_connections_;
  AccountManager accounts_;
  SecretsAtRest secrets_at_rest_;
  PsaIntegrationCheck psa_check_;
  OrganizationManager organizations_;
  // CheckM365Access (after organizations_, which it reads).
  M365AccessCheck m365_check_;
  IdentityManager identities_;
  ApiKeyManager api_keys_;
  AgentKeyManager agent_keys_;
  // After api_keys_: deleting a user revokes its keys.
  UserManager users_;
  // Before the deliveries that record their failures in it.
  PsaDeliveryFailures psa_failures_;
  IncidentReportDelivery report_delivery_;
  IncidentManager incidents_;
  ManualIsolation manual_isolation_;
  EscalationManager escalations_;
  EscalationNoticeTimer escalation_notice_timer_;
  EscalationDelivery escalation_delivery_;
  // After escalations_: creating a rule resolves the escalations it covers.
  AccessRuleManager access_rules_;
  SocAlerts soc_alerts_;
  TelemetryManager telemetry_;
  EndpointMonitor endpoints_;
  // ISO-14: what confirming ISOLATION_CAP_REACHED performs.
  HeldIsolations held_isolations_;
  EscalationAnswerer escalation_answerer_;
  DriftCorrection drift_;
  InventorySync inventory_;
  InventoryTimer inventory_timer_;
  // Issue 15: the other servers' escalation writes, which the counts above
  // follow. Last, so that it stops before anything it calls goes away.
  std::unique_ptr<store::ChangeFeed> escalation_changes_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ENGINE_H_
