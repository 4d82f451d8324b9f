#include "server/adapters/secrets_key_file.h"

#include <sys/stat.h>

#include <cerrno>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/adapters/aes_gcm_sealer.h"
#include "server/adapters/secret_file.h"
#include "server/adapters/secret_file_writer.h"

namespace cordon::adapters {
namespace {

absl::Status KeyFileRefused(const std::string& flag, absl::string_view why) {
  return absl::FailedPreconditionError(absl::StrCat(flag, ": ", why));
}

bool Exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 || errno != ENOENT;
}

}  // namespace

absl::StatusOr<std::string> LoadOrCreateSecretsKey(const std::string& path,
                                                   const std::string& flag,
                                                   ports::Entropy& entropy,
                                                   bool* created) {
  *created = false;
  if (!Exists(path)) {
    const std::string hex =
        absl::BytesToHexString(entropy.Bytes(kSecretsKeyBytes));
    if (absl::Status written = WriteSecretFile(path, hex); !written.ok()) {
      return KeyFileRefused(flag, written.message());
    }
    *created = true;
  }
  absl::StatusOr<std::string> content = ReadSecretFile(path, 1024);
  if (!content.ok()) return KeyFileRefused(flag, content.status().message());
  const absl::string_view hex = absl::StripAsciiWhitespace(*content);
  const bool all_hex = std::all_of(hex.begin(), hex.end(), [](char c) {
    return absl::ascii_isxdigit(static_cast<unsigned char>(c));
  });
  if (hex.size() != 2 * kSecretsKeyBytes || !all_hex) {
    return KeyFileRefused(
        flag, absl::StrCat(path, " must hold ", 2 * kSecretsKeyBytes,
                           " hex digits (a 32-byte key)"));
  }
  return absl::HexStringToBytes(hex);
}

}  // namespace cordon::adapters
