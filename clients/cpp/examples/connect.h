#ifndef CORDON_CLIENTS_CPP_EXAMPLES_CONNECT_H_
#define CORDON_CLIENTS_CPP_EXAMPLES_CONNECT_H_

// What every example starts with: a Client for ADDRESS with the API key
// in KEY_FILE. Plaintext to a loopback address, else TLS with the CA file
// named by $CORDON_CA_FILE (or the system roots).

#include <cstdlib>
#include <iostream>
#include <string>

#include "cordon/client/client.h"

namespace cordon_examples {

inline absl::StatusOr<cordon::client::Client> Connect(
    const std::string& address, const std::string& key_file) {
  cordon::client::ClientOptions options;
  options.channel.address = address;
  options.channel.plaintext = cordon::client::IsLoopbackAddress(address);
  if (const char* ca = std::getenv("CORDON_CA_FILE"))
    options.channel.ca_file = ca;
  absl::StatusOr<std::string> key = cordon::client::ReadKeyFile(key_file);
  if (!key.ok()) return key.status();
  options.api_key = *key;
  return cordon::client::Client::Connect(options);
}

// Prints `status` on one line and returns the exit code for a failure.
inline int Fail(const absl::Status& status) {
  std::cerr << cordon::client::FormatError(status) << "\n";
  return 1;
}

// False (after printing `usage`) unless there are `min` to `max` arguments.
inline bool ArgumentsFit(int argc, int min, int max, const char* usage) {
  if (argc - 1 >= min && argc - 1 <= max) return true;
  std::cerr << "usage: " << usage << "\n";
  return false;
}

}  // namespace cordon_examples

#endif  // CORDON_CLIENTS_CPP_EXAMPLES_CONNECT_H_
