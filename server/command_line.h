#ifndef CORDON_SERVER_COMMAND_LINE_H_
#define CORDON_SERVER_COMMAND_LINE_H_

#include <vector>

#include "absl/strings/string_view.h"

namespace cordon {

// absl::ParseCommandLine for Cordon's binaries, with the behaviour they
// share: `--version` prints one line, "<program> <kVersion><version_suffix>",
// and exits 0; `--help` lists the flags of Cordon's own files (absl's
// default keeps only those of a file named like the program, which none
// is), with paths relative to the source tree. Returns the positional
// arguments (argv[0] first), as absl::ParseCommandLine does.
std::vector<char*> ParseCommandLine(int argc, char** argv,
                                    absl::string_view usage,
                                    absl::string_view version_suffix = "");

}  // namespace cordon

#endif  // CORDON_SERVER_COMMAND_LINE_H_
