#include "server/secrets_setup.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/adapters/secrets_key_file.h"
#include "server/core/log.h"

ABSL_FLAG(std::string, secrets_key_file, "",
          "file holding the 32-byte key (64 hex digits, mode 0600) that "
          "encrypts PSA secrets in the data dir; created on the first start. "
          "Default: <data_dir>.secrets.key, beside the data dir. Back it up: "
          "without it the stored PSA secrets are lost");
ABSL_FLAG(bool, allow_private_endpoints, false,
          "let PSA endpoints resolve to loopback, private or link-local "
          "addresses (tests against local fakes only; never in production)");

namespace cordon::server {

bool AllowPrivateEndpoints() {
  return absl::GetFlag(FLAGS_allow_private_endpoints);
}

absl::StatusOr<std::unique_ptr<SecretsSetup>> SecretsFromFlags(
    const std::string& data_dir, ports::Entropy& nonces) {
  auto setup = std::make_unique<SecretsSetup>();
  setup->key_path = absl::GetFlag(FLAGS_secrets_key_file);
  if (setup->key_path.empty()) {
    setup->key_path =
        absl::StrCat(absl::StripSuffix(data_dir, "/"), ".secrets.key");
  }
  setup->allow_private_endpoints = AllowPrivateEndpoints();
  absl::StatusOr<std::string> key = adapters::LoadOrCreateSecretsKey(
      setup->key_path, "--secrets_key_file", nonces, &setup->key_created);
  if (!key.ok()) return key.status();
  absl::StatusOr<std::unique_ptr<adapters::AesGcmSealer>> sealer =
      adapters::AesGcmSealer::Create(*std::move(key), &nonces);
  if (!sealer.ok()) return sealer.status();
  setup->sealer = *std::move(sealer);
  return setup;
}

absl::Status PrepareSecretsAtRest(engine::Engine& engine,
                                  const SecretsSetup& setup) {
  if (absl::Status checked = engine.secrets_at_rest().CheckKey();
      !checked.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(setup.key_path, ": ", checked.message()));
  }
  absl::StatusOr<int> sealed = engine.secrets_at_rest().SealLegacySecrets();
  if (!sealed.ok()) return sealed.status();
  core::Log(
      core::LogEvent(core::LogLevel::kInfo, "secrets_sealed")
          .Message(absl::StrCat(
              "PSA secrets are sealed with the key in ", setup.key_path,
              setup.key_created ? " (created now, mode 0600: back it up)" : "",
              *sealed > 0 ? absl::StrCat("; sealed ", *sealed,
                                         " secret(s) stored in clear "
                                         "by an earlier version")
                          : "",
              setup.allow_private_endpoints
                  ? "; --allow_private_endpoints: PSA endpoints may be "
                    "private addresses (tests only)"
                  : ""))
          .Str("key_path", setup.key_path)
          .Bool("key_created", setup.key_created)
          .Int("sealed_now", *sealed));
  return absl::OkStatus();
}

}  // namespace cordon::server
