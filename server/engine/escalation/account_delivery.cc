#include "server/engine/escalation/account_delivery.h"

#include "cordon/store/records.pb.h"
#include "server/core/errors.h"
#include "server/core/escalation/routing.h"
#include "server/core/resource_name.h"
#include "server/engine/common/rows.h"
#include "server/engine/tenancy/account_manager.h"
#include "server/engine/tenancy/psa_connection.h"
#include "server/store/keys.h"

namespace cordon::engine {

namespace {

absl::StatusOr<cordon::store::AccountRecord> ReadAccount(
    const store::Database& db, uint64_t account) {
  return ReadRow<cordon::store::AccountRecord>(
      db, store::Family::kAccounts, store::KeyOf({account}),
      core::AccountName{account}.ToString(), "account record");
}

}  // namespace

absl::StatusOr<AccountDelivery> ReadAccountDelivery(const store::Database& db,
                                                    uint64_t account) {
  CORDON_ASSIGN_OR_RETURN(cordon::store::AccountRecord record,
                          ReadAccount(db, account));
  AccountDelivery delivery;
  if (absl::optional<ports::PsaConnection> psa =
          PsaConnectionWithoutSecret(record)) {
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

}  // namespace cordon::engine
