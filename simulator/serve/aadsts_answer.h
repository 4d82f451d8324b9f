#ifndef CORDON_SIMULATOR_SERVE_AADSTS_ANSWER_H_
#define CORDON_SIMULATOR_SERVE_AADSTS_ANSWER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "simulator/serve/wire.h"

namespace cordon::sim::serve {

// The token endpoint's error answer for `aadsts_code` ("AADSTS7000215" or
// "7000215"), shaped like tests/contract/graph/token_error_*.json: status
// and OAuth error from FaultPlan's TokenErrorOutcome (shared with the
// in-process fake) unless `oauth_error` overrides the error, and
// error_description "AADSTS<n>: <words>" followed by the trace lines.
// `detail` is appended to the words (our reason, never a credential).
WireAnswer AadstsAnswer(absl::string_view aadsts_code, absl::string_view detail,
                        const WireRequest& request, absl::Time now,
                        absl::string_view oauth_error = "");

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_AADSTS_ANSWER_H_
