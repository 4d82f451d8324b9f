#ifndef CORDON_TOOLS_CORDONCTL_CLI_H_
#define CORDON_TOOLS_CORDONCTL_CLI_H_

// cordonctl's entry point, with its world passed in so tests can run it:
// the words after argv[0], the environment, where output goes, and whether
// stdout is a terminal. Returns the exit code (errors.h).

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "tools/cordonctl/api.h"
#include "tools/cordonctl/config.h"

namespace cordonctl {

using Connector = std::function<absl::StatusOr<std::unique_ptr<Api>>(
    const Settings& settings, const std::string& key)>;

struct Environment {
  Getenv getenv;
  std::ostream* out;
  std::ostream* err;
  bool stdout_is_tty = false;
  Connector connect = Connect;
};

int Run(const std::vector<std::string>& words, const Environment& env);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_CLI_H_
