#ifndef CORDON_TOOLS_CORDON_AGENT_LOG_H_
#define CORDON_TOOLS_CORDON_AGENT_LOG_H_

#include <cstdio>

#include "absl/strings/str_cat.h"

namespace cordon::agent {

// One line on stderr, prefixed; never a secret (the key is never passed).
template <typename... Parts>
void Log(const Parts&... parts) {
  const std::string line = absl::StrCat("cordon-agent: ", parts..., "\n");
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace cordon::agent

#endif  // CORDON_TOOLS_CORDON_AGENT_LOG_H_
