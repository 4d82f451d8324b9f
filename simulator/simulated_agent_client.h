#ifndef CORDON_SIMULATOR_SIMULATED_AGENT_CLIENT_H_
#define CORDON_SIMULATOR_SIMULATED_AGENT_CLIENT_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "server/engine/engine.h"
#include "simulator/event_log.h"
#include "simulator/simulated_on_prem_agent.h"
#include "simulator/world.h"

namespace cordon::sim {

// ISO-15: the on-prem agents of the simulated world as Cordon meets them:
// clients of the command protocol (connect with the version the world's
// tenant runs, receive the pending commands, apply each command id once,
// acknowledge it). Step() is one round for every organization with pending
// commands, in key order, so a seed replays. Faults are explicit knobs: an
// agent offline (no connection; a connected one disconnects) and back, the
// next command delivered twice, the next acknowledgement lost (the command
// stays pending and comes again; the agent acknowledges it again from its
// record of applied commands without applying it twice).
class SimulatedAgentClient {
 public:
  SimulatedAgentClient(SimulatedOnPremAgent* agent, World* world, EventLog* log)
      : agent_(agent), world_(world), log_(log) {}

  // The engine to talk to; again after every restart (whose connections
  // went with the old process). The agents' own records stay.
  void Attach(engine::Engine* engine);

  void SetOffline(const std::string& tenant_id, bool offline);
  void DuplicateNextDelivery() { duplicate_next_ = true; }
  void LoseNextAck() { lose_next_ack_ = true; }

  // One round. Returns how many deliveries call for another round: an
  // acknowledgement Cordon took (it may queue more work) or one that was
  // lost (the command comes again).
  absl::StatusOr<int> Step();

  // Commands applied to the directory (not counting repeats skipped).
  int applied() const { return applied_count_; }

 private:
  using OrgKey = std::pair<uint64_t, uint64_t>;
  // Connects the organization's agent if it is not; false when offline.
  absl::StatusOr<bool> EnsureConnected(const core::OrganizationName& org,
                                       const std::string& tenant_id);
  // Applies (once) and acknowledges one delivered command; 1 when that
  // calls for another round (see Step).
  absl::StatusOr<int> Deliver(const core::OrganizationName& org,
                              const cordon::store::AgentCommandRecord& command);
  absl::Status DisconnectOffline();

  SimulatedOnPremAgent* const agent_;
  World* const world_;
  EventLog* const log_;
  engine::Engine* engine_ = nullptr;
  // Per organization: its stream's session and tenant, while connected.
  std::map<OrgKey, std::pair<uint64_t, std::string>> sessions_;
  std::set<std::string> offline_;
  // What each agent applied, by command id (its durable state file).
  std::map<std::string, AgentOutcome> outcomes_;
  bool duplicate_next_ = false;
  bool lose_next_ack_ = false;
  int applied_count_ = 0;
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SIMULATED_AGENT_CLIENT_H_
