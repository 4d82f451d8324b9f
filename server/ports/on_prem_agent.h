#ifndef CORDON_SERVER_PORTS_ON_PREM_AGENT_H_
#define CORDON_SERVER_PORTS_ON_PREM_AGENT_H_

#include <string>

namespace cordon::ports {

// The answer of our agent on a customer's on-prem AD server.
struct AgentOutcome {
  enum class Kind { kSuccess, kRetryable, kPermanent };
  Kind kind = Kind::kSuccess;
  std::string detail;
};

// Our agent on the organization's on-prem Active Directory server (ISO-9).
// Only used where the agent runs 0.14.22 or newer; directory sync then
// carries the on-prem state to the cloud. Thread-safe.
class OnPremAgent {
 public:
  virtual ~OnPremAgent() = default;
  // Enables or disables the on-prem account behind `upn` of the organization
  // bound to `tenant_id`.
  virtual AgentOutcome SetAccountEnabled(const std::string& tenant_id,
                                         const std::string& upn,
                                         bool enabled) = 0;
};

}  // namespace cordon::ports

#endif  // CORDON_SERVER_PORTS_ON_PREM_AGENT_H_
