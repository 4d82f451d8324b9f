#ifndef CORDON_TOOLS_CORDONCTL_REQUEST_H_
#define CORDON_TOOLS_CORDONCTL_REQUEST_H_

// The request a verb sends, from its arguments and flags:
//   get/delete/ACTION NAME [--request-field=V]
//   list [PARENT] [--filter=..] [--page-size=N] [--request-field=V]
//   create [PARENT] [-f FILE.json] [--resource-field=V]...
//   update NAME [-f FILE.json] [--resource-field=V]... (update_mask: those)

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "tools/cordonctl/command.h"

namespace cordonctl {

// A usage error (exit 2) for a missing or extra argument or a bad flag.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> BuildRequest(
    const Command& command, const google::protobuf::MethodDescriptor& method);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_REQUEST_H_
