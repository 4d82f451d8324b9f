#ifndef CORDON_SERVER_ENGINE_TENANCY_PSA_CONNECTION_H_
#define CORDON_SERVER_ENGINE_TENANCY_PSA_CONNECTION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "cordon/store/records.pb.h"
#include "server/ports/psa.h"
#include "server/ports/secret_sealer.h"
#include "server/store/database.h"

namespace cordon::engine {

// Whether the account record holds a PSA secret, sealed or (written before
// issue 11) in clear.
bool HasPsaSecret(const cordon::store::AccountRecord& record);

// Seals `secret` for the record's account into psa_secret_sealed and drops
// any clear legacy copy (DESIGN rule 7). FAILED_PRECONDITION
// SECRETS_KEY_MISSING when the server has no sealer.
absl::Status SealPsaSecret(ports::SecretSealer* sealer,
                           const std::string& secret,
                           cordon::store::AccountRecord* record);

// The record's PSA secret in clear ("" when none): opened with the
// account's name as binding, or the legacy clear field.
absl::StatusOr<std::string> OpenPsaSecret(
    const ports::SecretSealer* sealer,
    const cordon::store::AccountRecord& record);

void ClearPsaSecret(cordon::store::AccountRecord* record);

// `text` (a PSA's answer) with every occurrence of `secret` replaced by
// "[redacted]": a PSA that echoes what it was sent must not make us show
// the secret.
std::string WithoutSecret(const std::string& text, const std::string& secret);

// The record's PSA connection without its secret (planning a delivery
// needs none); nullopt when the account has no PSA integration.
absl::optional<ports::PsaConnection> PsaConnectionWithoutSecret(
    const cordon::store::AccountRecord& record);

// Only the PSA connection with its secret opened by `sealer`, nullopt when
// the account has no integration: one point read, for the call that is
// about to reach the PSA (no scan of the account's admins).
// FAILED_PRECONDITION SECRET_UNREADABLE / SECRETS_KEY_MISSING when the
// secret cannot be opened (never a message holding the secret).
absl::StatusOr<absl::optional<ports::PsaConnection>> ReadPsaConnection(
    const store::Database& db, uint64_t account,
    const ports::SecretSealer* sealer);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_PSA_CONNECTION_H_
