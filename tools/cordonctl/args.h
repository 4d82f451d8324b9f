#ifndef CORDON_TOOLS_CORDONCTL_ARGS_H_
#define CORDON_TOOLS_CORDONCTL_ARGS_H_

// The command line of cordonctl: `cordonctl [flags] NOUN VERB [ARG...]`,
// flags anywhere. Flags are `--name=value`, `--name value` for the flags
// that take a value (ValueFlags), or a bare `--name` (true). Names are kept
// with dashes (`--display_name` is read as `--display-name`).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace cordonctl {

struct Args {
  std::vector<std::string> positional;  // noun, verb, then arguments
  std::map<std::string, std::string> flags;
  // The flags in the order given (field flags are applied in this order).
  std::vector<std::string> flag_order;

  bool Has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::string Get(const std::string& flag,
                  const std::string& fallback = "") const;
  // positional[i], or "" when absent.
  std::string At(size_t i) const;
};

// Flags that take their value from the next word when written without `=`.
const std::vector<std::string>& ValueFlags();
// Flags every command accepts (connection, output, help).
const std::vector<std::string>& GlobalFlags();

// INVALID_ARGUMENT (a usage error) for a flag given twice or without the
// value it needs.
absl::StatusOr<Args> ParseArgs(const std::vector<std::string>& words);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_ARGS_H_
