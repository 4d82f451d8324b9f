#include "server/command_line.h"

#include <string>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/version.h"

namespace cordon {
namespace {

// Flags are listed by the file that defines them; only absl's own are left
// out of --help (they are in --helpfull).
bool IsCordonFile(absl::string_view file) {
  return !absl::StrContains(file, "absl/");
}

// "/work/x/server/main.cc" -> "server/main.cc": no build machine's paths in
// --help or the man pages made from it. The top folders are the repo's.
std::string SourceRelative(absl::string_view file) {
  for (absl::string_view top :
       {"/server/", "/tools/", "/simulator/", "/clients/"}) {
    const size_t at = file.rfind(top);
    if (at != absl::string_view::npos) return std::string(file.substr(at + 1));
  }
  return std::string(file);
}

}  // namespace

std::vector<char*> ParseCommandLine(int argc, char** argv,
                                    absl::string_view usage,
                                    absl::string_view version_suffix) {
  const std::string program =
      argc > 0 ? std::string(absl::string_view(argv[0]).substr(
                     absl::string_view(argv[0]).rfind('/') + 1))
               : "cordon";
  absl::FlagsUsageConfig config;
  config.contains_help_flags = IsCordonFile;
  config.contains_helpshort_flags = IsCordonFile;
  config.normalize_filename = SourceRelative;
  config.version_string = [program, suffix = std::string(version_suffix)] {
    return absl::StrCat(program, " ", kVersion, suffix, "\n");
  };
  absl::SetFlagsUsageConfig(config);
  absl::SetProgramUsageMessage(usage);
  return absl::ParseCommandLine(argc, argv);
}

}  // namespace cordon
