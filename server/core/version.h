#ifndef CORDON_SERVER_CORE_VERSION_H_
#define CORDON_SERVER_CORE_VERSION_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cordon::core {

// An agent version such as "0.14.22". Components are kept as written (no
// trailing-zero normalization); compare with CompareVersions, not ==.
struct Version {
  std::vector<uint32_t> components;
};

inline constexpr size_t kMaxVersionComponents = 4;
// Nine decimal digits always fit in a uint32_t, so parsing cannot overflow.
inline constexpr size_t kMaxVersionComponentDigits = 9;

// Parses 1..4 dot-separated components of 1..9 decimal digits each. No signs,
// spaces, empty components or suffixes ("-beta"). Leading zeros are allowed
// and ignored ("0.014" equals "0.14").
absl::StatusOr<Version> ParseVersion(absl::string_view text);

// "1.2.3": the components joined by dots, leading zeros dropped.
std::string FormatVersion(const Version& version);

// ISO-9: numeric, component by component; a missing component counts as 0,
// so "1.0" == "1.0.0". Returns <0, 0 or >0.
int CompareVersions(const Version& a, const Version& b);

// ISO-9: the oldest agent that can disable accounts in on-prem AD.
inline constexpr char kMinimumOnPremDisableAgentVersion[] = "0.14.22";

// ISO-9: true when an agent of this version can disable accounts on-prem
// (>= 0.14.22). No agent ("") or an unparseable version is treated as not
// capable, so the server falls back to a LIMITED isolation rather than
// claiming a disable that the next directory sync would undo.
bool AgentCanDisableOnPrem(absl::string_view agent_version);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_VERSION_H_
