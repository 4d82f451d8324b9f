#include "server/engine/escalation/account_delivery.h"

#include "cordon/store/records.pb.h"
#include "server/core/errors.h"
#include "server/core/escalation/routing.h"
#include "server/core/resource_name.h"
#include "server/engine/common/rows.h"
#include "server/engine/tenancy/account_manager.h"
#include "server/store/keys.h"

namespace cordon::engine {

namespace {

absl::StatusOr<cordon::store::AccountRecord> ReadAccount(
    const store::Database& db, uint64_t account) {
  return ReadRow<cordon::store::AccountRecord>(
      db, store::Family::kAccounts, store::KeyOf({account}),
      core::AccountName{account}.ToString(), "account record");
}

absl::optional<ports::PsaConnection> PsaConnectionOf(
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
  connection.secret = record.psa_secret();
  return connection;
}

}  // namespace

absl::StatusOr<AccountDelivery> ReadAccountDelivery(const store::Database& db,
                                                    uint64_t account) {
  CORDON_ASSIGN_OR_RETURN(cordon::store::AccountRecord record,
                          ReadAccount(db, account));
  AccountDelivery delivery;
  if (absl::optional<ports::PsaConnection> psa = PsaConnectionOf(record)) {
    delivery.has_psa = true;
    delivery.psa = *std::move(psa);
  }
  CORDON_ASSIGN_OR_RETURN(std::vector<std::string> admins,
                          AccountManager::AdminEmails(db, account));
  const auto& configured =
      record.account().settings().notification_recipients();
  delivery.email_recipients = core::EmailRecipients(
      std::vector<std::string>(configured.begin(), configured.end()), admins);
  return delivery;
}

absl::StatusOr<absl::optional<ports::PsaConnection>> ReadPsaConnection(
    const store::Database& db, uint64_t account) {
  CORDON_ASSIGN_OR_RETURN(cordon::store::AccountRecord record,
                          ReadAccount(db, account));
  return PsaConnectionOf(record);
}

}  // namespace cordon::engine
