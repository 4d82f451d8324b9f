#include "tools/cordonctl/cli.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "server/version.h"
#include "tools/cordonctl/command.h"
#include "tools/cordonctl/completion.h"
#include "tools/cordonctl/errors.h"
#include "tools/cordonctl/help.h"

namespace cordonctl {
namespace {

std::string NounList() {
  std::vector<std::string> nouns;
  for (const Resource& resource : Resources()) nouns.push_back(resource.noun);
  return absl::StrJoin(nouns, ", ");
}

// Settings, key and connection; health may go without a key.
absl::StatusOr<std::unique_ptr<Api>> Open(const Args& args,
                                          const Environment& env,
                                          bool key_required,
                                          Settings* settings) {
  absl::StatusOr<Settings> resolved = ResolveSettings(args, env.getenv);
  if (!resolved.ok())
    return UsageError(std::string(resolved.status().message()));
  *settings = *resolved;
  std::string key;
  if (key_required || !settings->key_file.empty()) {
    absl::StatusOr<std::string> read = ReadApiKey(*settings);
    if (!read.ok()) return UsageError(std::string(read.status().message()));
    key = *read;
  }
  return env.connect(*settings, key);
}

absl::Status Health(const Args& args, const Environment& env) {
  Settings settings;
  absl::StatusOr<std::unique_ptr<Api>> api = Open(args, env, false, &settings);
  if (!api.ok()) return api.status();
  absl::StatusOr<std::string> status = (*api)->Health(args.Get("service"));
  if (!status.ok()) return status.status();
  *env.out << *status << "\n";
  if (*status == "SERVING") return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat("the server is ", *status));
}

absl::Status RunResource(const Resource& resource, const Args& args,
                         const Environment& env) {
  const std::string verb = args.At(1);
  if (verb.empty()) {
    if (args.Has("help")) {
      *env.out << NounHelp(resource);
      return absl::OkStatus();
    }
    return UsageError(absl::StrCat(resource.noun, ": which verb? ",
                                   absl::StrJoin(Verbs(resource), ", ")));
  }
  if (RpcFor(resource, verb).empty()) {
    return UsageError(absl::StrCat("unknown verb \"", verb, "\" for ",
                                   resource.noun, " (",
                                   absl::StrJoin(Verbs(resource), ", "), ")"));
  }
  if (args.Has("help")) {
    *env.out << VerbHelp(resource, verb);
    return absl::OkStatus();
  }
  Settings settings;
  absl::StatusOr<std::unique_ptr<Api>> api = Open(args, env, true, &settings);
  if (!api.ok()) return api.status();
  const char* no_color = env.getenv("NO_COLOR");
  OutputOptions output{settings.output,
                       env.stdout_is_tty && (no_color == nullptr || !*no_color),
                       absl::Now()};
  Command command{resource, verb, args, **api, output, *env.out, *env.err};
  return RunVerb(command);
}

absl::Status Dispatch(const Args& args, const Environment& env) {
  const std::string noun = args.At(0);
  if (args.Has("version")) {
    *env.out << "cordonctl " << cordon::kVersion << "\n";
    return absl::OkStatus();
  }
  if (noun.empty() || noun == "help") {
    *env.out << TopHelp();
    return absl::OkStatus();
  }
  if (noun == "health") {
    if (!args.Has("help")) return Health(args, env);
    *env.out << HealthHelp();
    return absl::OkStatus();
  }
  if (noun == "completion") {
    if (args.At(1) != "bash" || args.Has("help")) {
      *env.out << CompletionHelp();
      return args.Has("help") ? absl::OkStatus()
                              : UsageError("completion: only bash");
    }
    *env.out << BashCompletion();
    return absl::OkStatus();
  }
  const Resource* resource = FindResource(noun);
  if (resource == nullptr) {
    return UsageError(absl::StrCat("unknown noun \"", noun, "\" (", NounList(),
                                   ", health, completion)"));
  }
  return RunResource(*resource, args, env);
}

}  // namespace

int Run(const std::vector<std::string>& words, const Environment& env) {
  absl::StatusOr<Args> args = ParseArgs(words);
  absl::Status status = args.ok()
                            ? Dispatch(*args, env)
                            : UsageError(std::string(args.status().message()));
  if (!status.ok()) *env.err << ErrorLine(status) << "\n";
  return ExitCode(status);
}

}  // namespace cordonctl
