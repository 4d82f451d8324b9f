#ifndef CORDON_TOOLS_CORDONCTL_YAML_H_
#define CORDON_TOOLS_CORDONCTL_YAML_H_

// A small YAML printer for `-o yaml`: block style, keys in the JSON's
// order, strings quoted (JSON style, which YAML reads) whenever a plain
// scalar could be read as something else.

#include <string>

#include "tools/cordonctl/json.h"

namespace cordonctl {

std::string ToYaml(const Json& json);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_YAML_H_
