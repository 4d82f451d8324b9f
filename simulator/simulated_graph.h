#ifndef CORDON_SIMULATOR_SIMULATED_GRAPH_H_
#define CORDON_SIMULATOR_SIMULATED_GRAPH_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/core/isolation/graph_error.h"
#include "server/core/isolation/inbox_rule.h"
#include "server/ports/graph.h"
#include "simulator/event_log.h"
#include "simulator/fault_plan.h"
#include "simulator/random.h"
#include "simulator/world.h"

namespace cordon::sim {

struct SimulatedGraphOptions {
  // Real time slept per call, only to give benchmarks a realistic Graph.
  // Simulated runs leave it at zero: they never sleep (DESIGN rule 3).
  absl::Duration real_latency = absl::ZeroDuration();
};

// Microsoft Graph over the simulated World (DOMAIN "The outside world").
// Each call:
//   1. an unknown tenant fails at the token endpoint: 400 AADSTS90002;
//   2. the FaultPlan may refuse it (AADSTS, throttling, injected faults):
//      the world is left unchanged — except for a "timeout_after_effect"
//      fault, where the effect happens and only the answer is lost, which is
//      what makes the engine's retries need to be idempotent (DESIGN rule 1);
//   3. the effect and Graph's answer: unknown user 404
//      Request_ResourceNotFound; revoke 200 or 204 (drawn); PATCH user 204;
//      list rules 200; PATCH rule 200, 404 ErrorItemNotFound for an unknown
//      rule, 403 ErrorAccessDenied_ReadOnlyRule (target_rule_read_only) for
//      an isReadOnly rule; GET user 200; GET domains 200.
// Every call and its answer is one "graph" line in the EventLog; state
// changes are "world" lines before it.
//
// Thread-safe, never retries (ports::Graph). Log order under concurrent
// calls follows their interleaving; deterministic runs call from one thread.
class SimulatedGraph final : public ports::Graph {
 public:
  // All pointers must outlive the graph.
  SimulatedGraph(World* world, FaultPlan* faults, EventLog* log, Random* random,
                 SimulatedGraphOptions options = {});

  core::GraphCallOutcome RevokeSignInSessions(
      const ports::GraphUserRef& user) override;
  core::GraphCallOutcome SetAccountEnabled(const ports::GraphUserRef& user,
                                           bool enabled) override;
  core::GraphCallOutcome ListInboxRules(
      const ports::GraphUserRef& user,
      std::vector<core::InboxRule>* rules) override;
  core::GraphCallOutcome SetInboxRuleEnabled(const ports::GraphUserRef& user,
                                             const std::string& rule_id,
                                             bool enabled) override;
  core::GraphCallOutcome GetUser(const ports::GraphUserRef& user,
                                 ports::GraphUser* result) override;
  core::GraphCallOutcome ListTenantDomains(
      const std::string& tenant_id, std::vector<std::string>* domains) override;
  // Pages of World::ReadUsersDelta; an expired link answers 410
  // resyncRequired with resync_required set.
  core::GraphCallOutcome ReadUsersDeltaPage(
      const std::string& tenant_id, const std::string& link,
      ports::UsersDeltaPage* page) override;
  // The token and GET /domains as ListTenantDomains answers them (unknown
  // tenant: AADSTS90002; the fault plan's AADSTS and faults apply). The
  // simulated app is consented with every permission Cordon needs, so its
  // roles list them all.
  core::M365AccessReport CheckAccess(const std::string& tenant_id) override;

 private:
  template <typename Effect>
  core::GraphCallOutcome Call(Operation operation, const std::string& tenant_id,
                              EventFields fields, Effect effect);

  World* const world_;
  FaultPlan* const faults_;
  EventLog* const log_;
  Random* const random_;
  const SimulatedGraphOptions options_;
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SIMULATED_GRAPH_H_
