#ifndef CORDON_TOOLS_CORDONCTL_COMPLETION_H_
#define CORDON_TOOLS_CORDONCTL_COMPLETION_H_

#include <string>

namespace cordonctl {

// The bash completion script (`cordonctl completion bash`, installed as
// share/bash-completion/completions/cordonctl): nouns, each noun's verbs
// and the flags, written from the resource table.
std::string BashCompletion();

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_COMPLETION_H_
