#ifndef CORDON_TOOLS_CORDONCTL_JSON_H_
#define CORDON_TOOLS_CORDONCTL_JSON_H_

#include "nlohmann/json.hpp"

namespace cordonctl {

// Ordered: fields print in the order the proto declares them.
using Json = nlohmann::ordered_json;

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_JSON_H_
