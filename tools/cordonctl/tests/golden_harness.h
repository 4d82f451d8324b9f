#ifndef CORDON_TOOLS_CORDONCTL_TESTS_GOLDEN_HARNESS_H_
#define CORDON_TOOLS_CORDONCTL_TESTS_GOLDEN_HARNESS_H_

// Golden-output tests of the real cordonctl binary: each step runs it (its
// own environment, stdout and stderr kept apart, a bounded wait) and adds
// "$ cordonctl ARGS", its stdout, its stderr lines ("! ...") and
// "[exit N]" to a transcript. The transcript, with volatile fields
// normalised (ids numbered by first appearance, times, ages, etags,
// secrets), must equal tools/cordonctl/tests/golden/NAME.txt. Run with
// CORDONCTL_UPDATE_GOLDEN=1 to rewrite the files after a deliberate change.

#include <map>
#include <string>
#include <vector>

namespace cordonctl_testing {

struct RunResult {
  std::string out;
  std::string err;
  int exit_code = -1;  // -1: did not exit in time (then killed)
};

using EnvMap = std::map<std::string, std::string>;

// cordonctl with `args` and exactly `env` (nothing inherited), for at most
// 20 s.
RunResult RunCordonctl(const std::vector<std::string>& args, const EnvMap& env);
// The same for any program (`binary` is a path, no PATH search).
RunResult RunProgram(const std::string& binary,
                     const std::vector<std::string>& args, const EnvMap& env);

class Transcript {
 public:
  // Runs and records one step; returns the result (not normalised).
  RunResult Step(const std::vector<std::string>& args, const EnvMap& env,
                 const std::string& note = "");
  // The recorded text, normalised.
  std::string Normalised() const;
  // "" when it matches the golden file; else a diff-like message. Rewrites
  // the file instead when CORDONCTL_UPDATE_GOLDEN=1.
  std::string Compare(const std::string& golden_name) const;

 private:
  std::string text_;
};

// Exposed for the harness's own test.
std::string Normalise(const std::string& text);

}  // namespace cordonctl_testing

#endif  // CORDON_TOOLS_CORDONCTL_TESTS_GOLDEN_HARNESS_H_
