#ifndef CORDON_TOOLS_CORDON_AGENT_DIRECTORY_H_
#define CORDON_TOOLS_CORDON_AGENT_DIRECTORY_H_

#include <string>

namespace cordon::agent {

// What a directory said to one command, as AcknowledgeCommand reports it.
struct DirectoryOutcome {
  enum class Kind { kSucceeded, kRetryable, kPermanent };
  Kind kind = Kind::kSucceeded;
  std::string detail;
};

// The on-prem directory behind the agent (ISO-15): the account found by its
// userPrincipalName gets bit 0x2 (ACCOUNTDISABLE) of userAccountControl set
// or cleared. Setting a state, not toggling one: applying it twice is
// harmless.
class Directory {
 public:
  virtual ~Directory() = default;
  virtual DirectoryOutcome SetAccountEnabled(const std::string& upn,
                                             bool enabled) = 0;
};

// userAccountControl's ACCOUNTDISABLE bit.
inline constexpr long kAccountDisable = 0x2;

inline long WithEnabled(long user_account_control, bool enabled) {
  return enabled ? (user_account_control & ~kAccountDisable)
                 : (user_account_control | kAccountDisable);
}

}  // namespace cordon::agent

#endif  // CORDON_TOOLS_CORDON_AGENT_DIRECTORY_H_
