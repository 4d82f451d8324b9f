#ifndef CORDON_TOOLS_CORDONCTL_FIELDS_H_
#define CORDON_TOOLS_CORDONCTL_FIELDS_H_

// Request messages built from flags and files: each field flag
// (`--display-name=X`, `--settings.identity-isolation-enabled=false`,
// `--identities=a,b`) is typed by the message's descriptor and written into
// a JSON object, which protobuf's JSON parser turns into the message, so a
// bad value is reported the way the API documents its fields.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "tools/cordonctl/args.h"
#include "tools/cordonctl/json.h"

namespace cordonctl {

// Writes each flag of `names` (dashed flag names, dotted for nested
// fields) into `target` as a field of `descriptor`; appends the proto field
// path of each to `paths` (for an update mask). INVALID_ARGUMENT naming the
// flag for an unknown field or a value of the wrong type.
absl::Status SetFieldFlags(const Args& args,
                           const std::vector<std::string>& names,
                           const google::protobuf::Descriptor& descriptor,
                           Json* target, std::vector<std::string>* paths);

// The JSON object in `path` ("-" reads stdin).
absl::StatusOr<Json> ReadJsonFile(const std::string& path);

// INVALID_ARGUMENT with the parser's reason when `json` does not fit.
absl::Status JsonToMessage(const Json& json,
                           google::protobuf::Message* message);
// Proto field names, every field printed (defaults too), enums by name.
Json MessageToJson(const google::protobuf::Message& message);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_FIELDS_H_
