#ifndef CORDON_SERVER_ENGINE_AGENT_AGENT_PRESENCE_H_
#define CORDON_SERVER_ENGINE_AGENT_AGENT_PRESENCE_H_

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cordon/v1/organization.pb.h"
#include "server/core/resource_name.h"

namespace cordon::engine {

// ISO-15: which organizations' on-prem agents hold a command stream open
// now, in memory (a server restart ends every stream; agents reconnect).
// One stream per organization: a newer one replaces the older, which ends
// at its next wake. Streams wait here for new commands; Notify wakes them.
// Thread-safe.
class AgentPresence {
 public:
  explicit AgentPresence(int max_streams = 1000) : max_streams_(max_streams) {}

  // A new stream of `org`: its session number. RESOURCE_EXHAUSTED when
  // max_streams organizations are connected already (each stream holds a
  // server thread).
  absl::StatusOr<uint64_t> Open(const core::OrganizationName& org);
  // The stream `session` ended. True when it was the organization's current
  // one (so the agent is offline now).
  bool Close(const core::OrganizationName& org, uint64_t session);
  bool IsConnected(const core::OrganizationName& org) const;
  // Whether to show `organization`'s agent as connected: its stored flag,
  // confirmed by a stream of this server's. A server that crashed left the
  // flag set, and only a stream held here is known to be open (a stream
  // on another replica is not: docs/scale-out.md, "Limits today").
  bool ConfirmsConnected(const cordon::v1::Organization& organization) const;

  // Commands were queued for `org`.
  void Notify(const core::OrganizationName& org);
  // How often Notify was called for `org`; Wait compares against it.
  uint64_t Generation(const core::OrganizationName& org) const;

  enum class Wake { kNotified, kTimeout, kReplaced };
  // Waits (real time: a stream's server thread) until `org` is notified
  // past `seen_generation`, `session` is replaced, or `timeout` passes.
  Wake Wait(const core::OrganizationName& org, uint64_t session,
            uint64_t seen_generation, absl::Duration timeout);

 private:
  using Key = std::pair<uint64_t, uint64_t>;
  static Key KeyOf(const core::OrganizationName& org) {
    return {org.account, org.organization};
  }
  struct State {
    uint64_t session = 0;  // 0: no stream
    uint64_t generation = 0;
  };

  const int max_streams_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::map<Key, State> states_;
  int open_ = 0;
  uint64_t next_session_ = 1;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_AGENT_AGENT_PRESENCE_H_
