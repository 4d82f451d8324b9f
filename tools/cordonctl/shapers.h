#ifndef CORDON_TOOLS_CORDONCTL_SHAPERS_H_
#define CORDON_TOOLS_CORDONCTL_SHAPERS_H_

// The verbs whose flags say more than a field each (resources.h,
// RequestShaper).

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/cordonctl/args.h"
#include "tools/cordonctl/json.h"

namespace cordonctl {

// escalations answer (ESC-8): exactly one of --expected, --unauthorized
// (both with --scope=identity|organization|account), --dismiss,
// --integration-fixed, --retry-access, --acknowledge, --confirm-isolations;
// --note optional. Into request.answer.
absl::Status ShapeAnswer(const Args& args, Json* request,
                         std::vector<std::string>* used);
const std::vector<std::string>& AnswerFlags();  // the flags ShapeAnswer reads

// events watch: --type=A,B (Event.Type names) into request.types; --limit
// is read by the watch loop.
absl::Status ShapeWatch(const Args& args, Json* request,
                        std::vector<std::string>* used);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_SHAPERS_H_
