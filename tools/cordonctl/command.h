#ifndef CORDON_TOOLS_CORDONCTL_COMMAND_H_
#define CORDON_TOOLS_CORDONCTL_COMMAND_H_

// What every verb runs with: the parsed command line, a connection, how to
// print, and where.

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/cordonctl/api.h"
#include "tools/cordonctl/args.h"
#include "tools/cordonctl/printer.h"
#include "tools/cordonctl/resources.h"

namespace cordonctl {

struct Command {
  const Resource& resource;
  std::string verb;
  const Args& args;
  Api& api;
  OutputOptions output;
  std::ostream& out;
  std::ostream& err;
};

// get, list, create, update, delete and the table's actions.
absl::Status RunVerb(Command& command);
// events watch (verbs.cc dispatches it here).
absl::Status RunWatch(Command& command);
// keys rotate: create a successor, write its secret, revoke the old key.
absl::Status RunRotate(Command& command);

// The flags that are not global, nor in `reserved`: the ones that set
// request (or resource) fields.
std::vector<std::string> FieldFlags(const Args& args,
                                    const std::vector<std::string>& reserved);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_COMMAND_H_
