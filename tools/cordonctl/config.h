#ifndef CORDON_TOOLS_CORDONCTL_CONFIG_H_
#define CORDON_TOOLS_CORDONCTL_CONFIG_H_

// Where cordonctl connects and with which key. Each setting comes from the
// first of: a flag, the environment (CORDON_ADDR, CORDON_KEY_FILE,
// CORDON_CA_FILE, CORDON_CLIENT_CERT, CORDON_CLIENT_KEY), the config file
// (--config, CORDON_CONFIG, else $XDG_CONFIG_HOME/cordon/config or
// ~/.config/cordon/config), a default. The config file is `key = value` lines
// (addr, key_file, ca_file, client_cert, client_key, plaintext, timeout,
// output); `#` starts a comment.

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/cordonctl/args.h"

namespace cordonctl {

struct Settings {
  std::string addr = "127.0.0.1:50051";
  std::string key_file;
  std::string ca_file;
  // Mutual TLS: the certificate and key cordonctl presents.
  std::string client_cert;
  std::string client_key;
  bool plaintext = false;
  absl::Duration timeout = absl::Seconds(30);
  std::string output = "table";
  // Where each of addr and key_file came from ("flag", "env", a config
  // path, "default"): said in errors so a user finds the wrong one.
  std::string addr_source = "default";
  std::string key_source = "default";
};

using Getenv = std::function<const char*(const char*)>;

// INVALID_ARGUMENT (a usage error) for an unreadable or malformed config
// file, a bad timeout or output format.
absl::StatusOr<Settings> ResolveSettings(const Args& args,
                                         const Getenv& getenv);

// The API key from settings.key_file: FAILED_PRECONDITION when there is no
// key file, it cannot be read, is empty, or group/others may read it (it
// must be 0600 or stricter).
absl::StatusOr<std::string> ReadApiKey(const Settings& settings);

}  // namespace cordonctl

#endif  // CORDON_TOOLS_CORDONCTL_CONFIG_H_
