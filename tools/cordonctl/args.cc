#include "tools/cordonctl/args.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace cordonctl {
namespace {

bool IsValueFlag(const std::string& name) {
  const auto& flags = ValueFlags();
  return std::find(flags.begin(), flags.end(), name) != flags.end();
}

// `-o json` and `-f file` are the two short forms kubectl users expect.
std::string LongName(const std::string& flag) {
  if (flag == "o") return "output";
  if (flag == "f") return "file";
  if (flag == "h") return "help";
  return absl::StrReplaceAll(flag, {{"_", "-"}});
}

absl::Status AddFlag(Args* args, const std::string& name,
                     const std::string& value) {
  if (args->flags.count(name) > 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("flag --", name, " given twice"));
  }
  args->flags[name] = value;
  args->flag_order.push_back(name);
  return absl::OkStatus();
}

}  // namespace

std::string Args::Get(const std::string& flag,
                      const std::string& fallback) const {
  const auto it = flags.find(flag);
  return it == flags.end() ? fallback : it->second;
}

std::string Args::At(size_t i) const {
  return i < positional.size() ? positional[i] : "";
}

const std::vector<std::string>& ValueFlags() {
  static const auto* const kFlags = new std::vector<std::string>{
      "addr",           "key-file",     "ca-file", "client-cert", "client-key",
      "config",         "output",       "timeout", "filter",      "file",
      "page-size",      "etag",         "reason",  "scope",       "note",
      "after-cursor",   "organization", "type",    "limit",       "service",
      "write-key-file", "expire-time"};
  return *kFlags;
}

const std::vector<std::string>& GlobalFlags() {
  static const auto* const kFlags = new std::vector<std::string>{
      "addr",   "key-file", "ca-file", "client-cert", "client-key", "plaintext",
      "config", "output",   "timeout", "help",        "version"};
  return *kFlags;
}

absl::StatusOr<Args> ParseArgs(const std::vector<std::string>& words) {
  Args args;
  bool flags_done = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    const bool is_long = absl::StartsWith(word, "--") && word.size() > 2;
    const bool is_short = !is_long && word.size() == 2 && word[0] == '-';
    if (flags_done || (!is_long && !is_short)) {
      if (word == "--") {
        flags_done = true;
      } else {
        args.positional.push_back(word);
      }
      continue;
    }
    const std::string body = word.substr(is_long ? 2 : 1);
    const size_t eq = body.find('=');
    const std::string name = LongName(body.substr(0, eq));
    absl::Status added;
    if (eq != std::string::npos) {
      added = AddFlag(&args, name, body.substr(eq + 1));
    } else if (IsValueFlag(name)) {
      if (i + 1 >= words.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("flag --", name, " needs a value"));
      }
      added = AddFlag(&args, name, words[++i]);
    } else {
      added = AddFlag(&args, name, "true");
    }
    if (!added.ok()) return added;
  }
  return args;
}

}  // namespace cordonctl
