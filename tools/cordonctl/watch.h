#ifndef CORDON_TOOLS_CORDONCTL_WATCH_H_
#define CORDON_TOOLS_CORDONCTL_WATCH_H_

// `cordonctl events watch`: one line per event as it happens. BOOKMARKs
// (cursor only) are not printed; the Api resumes after the last cursor
// when the stream breaks.

#include <string>

#include "cordon/v1/event.pb.h"
#include "tools/cordonctl/printer.h"

namespace cordonctl {

// The event as printed: for tables "TIME CURSOR TYPE RESOURCE SUMMARY"
// (wide adds the organization), one compact JSON object per line for
// json, a `---` separated YAML document for yaml.
std::string FormatEvent(const cordon::v1::Event& event,
                        const OutputOptions& options);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_WATCH_H_
