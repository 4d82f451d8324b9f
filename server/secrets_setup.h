#ifndef CORDON_SERVER_SECRETS_SETUP_H_
#define CORDON_SERVER_SECRETS_SETUP_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/adapters/aes_gcm_sealer.h"
#include "server/adapters/getaddrinfo_resolver.h"
#include "server/engine/engine.h"
#include "server/ports/entropy.h"

namespace cordon::server {

// What --secrets_key_file and --allow_private_endpoints set up for the
// engine (issue 11; docs/operations.md).
struct SecretsSetup {
  std::string key_path;
  bool key_created = false;  // this start wrote a new key file
  bool allow_private_endpoints = false;
  std::unique_ptr<adapters::AesGcmSealer> sealer;
  adapters::GetaddrinfoResolver resolver;
};

// Reads (or, on a first start, creates) the secrets key. The default path
// is beside the data dir, not in it: "<data_dir>.secrets.key", so a copy
// or backup of the data dir alone does not carry the key that opens its
// secrets. FAILED_PRECONDITION naming --secrets_key_file when the file is
// not 0600 or not a key.
absl::StatusOr<std::unique_ptr<SecretsSetup>> SecretsFromFlags(
    const std::string& data_dir, ports::Entropy& nonces);

// --allow_private_endpoints: whether PSA endpoints may resolve to loopback,
// private or link-local addresses (tests only).
bool AllowPrivateEndpoints();

// Before serving: refuses a key that is not this data dir's, then seals any
// PSA secret still stored in clear. The message of an error says what to
// do; the log line names how many secrets were sealed.
absl::Status PrepareSecretsAtRest(engine::Engine& engine,
                                  const SecretsSetup& setup);

}  // namespace cordon::server

#endif  // CORDON_SERVER_SECRETS_SETUP_H_
