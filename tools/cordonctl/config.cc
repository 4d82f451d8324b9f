#include "tools/cordonctl/config.h"

#include <sys/stat.h>

#include <fstream>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cordon/client/channel.h"

namespace cordonctl {
namespace {

using ConfigMap = std::map<std::string, std::string>;

std::string ConfigPath(const Args& args, const Getenv& getenv) {
  if (args.Has("config")) return args.Get("config");
  if (const char* path = getenv("CORDON_CONFIG")) return path;
  if (const char* xdg = getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    return absl::StrCat(xdg, "/cordon/config");
  }
  if (const char* home = getenv("HOME")) {
    return absl::StrCat(home, "/.config/cordon/config");
  }
  return "";
}

// A missing default file is no error; a missing --config file is.
absl::StatusOr<ConfigMap> ReadConfig(const std::string& path, bool required) {
  ConfigMap values;
  std::ifstream in(path);
  if (!in) {
    if (!required) return values;
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read config file ", path));
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    absl::string_view text = line;
    text = text.substr(0, text.find('#'));
    text = absl::StripAsciiWhitespace(text);
    if (text.empty()) continue;
    const size_t eq = text.find('=');
    const std::string key(absl::StripAsciiWhitespace(text.substr(0, eq)));
    static const auto* const kKeys = new std::map<std::string, int>{
        {"addr", 0},       {"key_file", 0},  {"ca_file", 0}, {"client_cert", 0},
        {"client_key", 0}, {"plaintext", 0}, {"timeout", 0}, {"output", 0}};
    if (eq == absl::string_view::npos || kKeys->count(key) == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", number,
          ": expected `key = value` with key addr, key_file, ca_file, "
          "client_cert, client_key, plaintext, timeout or output"));
    }
    values[key] = std::string(absl::StripAsciiWhitespace(text.substr(eq + 1)));
  }
  return values;
}

// Sets `*out` from the flag, else the variable, else the config file.
void Pick(const Args& args, const char* flag, const Getenv& getenv,
          const char* env, const ConfigMap& file, const char* key,
          const std::string& config_path, std::string* out,
          std::string* source) {
  std::string origin;
  if (args.Has(flag)) {
    *out = args.Get(flag);
    origin = "flag --" + std::string(flag);
  } else if (const char* value = env ? getenv(env) : nullptr; value && *value) {
    *out = value;
    origin = "env " + std::string(env);
  } else if (auto it = file.find(key); it != file.end()) {
    *out = it->second;
    origin = config_path;
  }
  if (source != nullptr && !origin.empty()) *source = origin;
}

absl::Status CheckSettings(Settings* settings, const std::string& timeout,
                           const std::string& plaintext) {
  if (!timeout.empty() && !absl::ParseDuration(timeout, &settings->timeout)) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad timeout \"", timeout, "\" (e.g. 30s, 2m)"));
  }
  settings->plaintext = plaintext == "true" || plaintext == "1";
  const std::string& output = settings->output;
  if (output != "table" && output != "wide" && output != "json" &&
      output != "yaml") {
    return absl::InvalidArgumentError(absl::StrCat(
        "bad output format \"", output, "\": table, wide, json or yaml"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Settings> ResolveSettings(const Args& args,
                                         const Getenv& getenv) {
  const std::string path = ConfigPath(args, getenv);
  const bool required = args.Has("config") || getenv("CORDON_CONFIG");
  absl::StatusOr<ConfigMap> file =
      path.empty() ? ConfigMap{} : ReadConfig(path, required);
  if (!file.ok()) return file.status();
  Settings settings;
  std::string timeout, plaintext;
  Pick(args, "addr", getenv, "CORDON_ADDR", *file, "addr", path, &settings.addr,
       &settings.addr_source);
  Pick(args, "key-file", getenv, "CORDON_KEY_FILE", *file, "key_file", path,
       &settings.key_file, &settings.key_source);
  Pick(args, "ca-file", getenv, "CORDON_CA_FILE", *file, "ca_file", path,
       &settings.ca_file, nullptr);
  Pick(args, "client-cert", getenv, "CORDON_CLIENT_CERT", *file, "client_cert",
       path, &settings.client_cert, nullptr);
  Pick(args, "client-key", getenv, "CORDON_CLIENT_KEY", *file, "client_key",
       path, &settings.client_key, nullptr);
  Pick(args, "plaintext", getenv, nullptr, *file, "plaintext", path, &plaintext,
       nullptr);
  Pick(args, "timeout", getenv, nullptr, *file, "timeout", path, &timeout,
       nullptr);
  Pick(args, "output", getenv, nullptr, *file, "output", path, &settings.output,
       nullptr);
  if (absl::Status checked = CheckSettings(&settings, timeout, plaintext);
      !checked.ok()) {
    return checked;
  }
  return settings;
}

absl::StatusOr<std::string> ReadApiKey(const Settings& settings) {
  const std::string& path = settings.key_file;
  if (path.empty()) {
    return absl::FailedPreconditionError(
        "no API key: give --key-file, set CORDON_KEY_FILE, or key_file in "
        "~/.config/cordon/config");
  }
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot read key file ", path, " (from ", settings.key_source, ")"));
  }
  if ((info.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", info.st_mode & 07777);
    return absl::FailedPreconditionError(
        absl::StrCat("key file ", path, " has mode ", mode,
                     ": others may read the key; run chmod 600 ", path));
  }
  absl::StatusOr<std::string> key = cordon::client::ReadKeyFile(path);
  if (!key.ok()) {
    return absl::FailedPreconditionError(std::string(key.status().message()));
  }
  return key;
}

}  // namespace cordonctl
