#include "server/engine/tenancy/psa_connection.h"

#include "absl/strings/str_replace.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "server/engine/common/rows.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

absl::Status NoKey() {
  return core::WithReason(
      absl::FailedPreconditionError(
          "this server has no secrets key (--secrets_key_file), so it cannot "
          "store or read PSA secrets"),
      "SECRETS_KEY_MISSING");
}

}  // namespace

bool HasPsaSecret(const cordon::store::AccountRecord& record) {
  return !record.psa_secret_sealed().empty() || !record.psa_secret().empty();
}

absl::Status SealPsaSecret(ports::SecretSealer* sealer,
                           const std::string& secret,
                           cordon::store::AccountRecord* record) {
  if (sealer == nullptr) return NoKey();
  CORDON_ASSIGN_OR_RETURN(std::string sealed,
                          sealer->Seal(secret, record->account().name()));
  record->set_psa_secret_sealed(std::move(sealed));
  record->clear_psa_secret();
  return absl::OkStatus();
}

absl::StatusOr<std::string> OpenPsaSecret(
    const ports::SecretSealer* sealer,
    const cordon::store::AccountRecord& record) {
  if (record.psa_secret_sealed().empty()) return record.psa_secret();
  if (sealer == nullptr) return NoKey();
  return sealer->Open(record.psa_secret_sealed(), record.account().name());
}

void ClearPsaSecret(cordon::store::AccountRecord* record) {
  record->clear_psa_secret();
  record->clear_psa_secret_sealed();
  record->clear_psa_secret_update_time();
}

std::string WithoutSecret(const std::string& text, const std::string& secret) {
  if (secret.empty()) return text;
  return absl::StrReplaceAll(text, {{secret, "[redacted]"}});
}

absl::optional<ports::PsaConnection> PsaConnectionWithoutSecret(
    const cordon::store::AccountRecord& record) {
  const cordon::v1::PsaIntegration& psa =
      record.account().settings().psa_integration();
  if (psa.kind() == cordon::v1::PsaIntegration::KIND_UNSPECIFIED ||
      psa.kind() == cordon::v1::PsaIntegration::NONE) {
    return absl::nullopt;
  }
  ports::PsaConnection connection;
  connection.account = record.account().name();
  connection.kind = cordon::v1::PsaIntegration::Kind_Name(psa.kind());
  connection.endpoint = psa.endpoint();
  connection.auth_endpoint = psa.auth_endpoint();
  connection.company_id = psa.company_id();
  connection.board = psa.board();
  connection.customer = psa.customer();
  connection.client_id = psa.client_id();
  connection.username = psa.username();
  return connection;
}

absl::StatusOr<absl::optional<ports::PsaConnection>> ReadPsaConnection(
    const store::Database& db, uint64_t account,
    const ports::SecretSealer* sealer) {
  CORDON_ASSIGN_OR_RETURN(
      cordon::store::AccountRecord record,
      ReadRow<cordon::store::AccountRecord>(
          db, store::Family::kAccounts, store::KeyOf({account}),
          core::AccountName{account}.ToString(), "account record"));
  absl::optional<ports::PsaConnection> connection =
      PsaConnectionWithoutSecret(record);
  if (connection.has_value()) {
    CORDON_ASSIGN_OR_RETURN(connection->secret, OpenPsaSecret(sealer, record));
  }
  return connection;
}

}  // namespace cordon::engine
