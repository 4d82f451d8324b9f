#ifndef CORDON_TOOLS_CORDONCTL_HELP_H_
#define CORDON_TOOLS_CORDONCTL_HELP_H_

// --help texts, written from the resource table and the descriptors so
// they list what the binary really accepts, each with examples.

#include <string>

#include "tools/cordonctl/resources.h"

namespace cordonctl {

std::string TopHelp();
std::string NounHelp(const Resource& resource);
// "" when the noun has no such verb.
std::string VerbHelp(const Resource& resource, const std::string& verb);
std::string HealthHelp();
std::string CompletionHelp();
// "cordonctl identities create accounts/a1/... --upn=..." for one verb.
std::string Example(const Resource& resource, const std::string& verb);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_HELP_H_
