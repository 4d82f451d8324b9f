#include "server/engine/account_delivery.h"

#include "cordon/store/records.pb.h"
#include "server/core/errors.h"
#include "server/core/escalation/routing.h"
#include "server/core/resource_name.h"
#include "server/engine/account_manager.h"
#include "server/engine/rows.h"
#include "server/store/keys.h"

namespace cordon::engine {

absl::StatusOr<AccountDelivery> ReadAccountDelivery(const store::Database& db,
                                                    uint64_t account) {
  const std::string name = core::AccountName{account}.ToString();
  CORDON_ASSIGN_OR_RETURN(cordon::store::AccountRecord record,
                          ReadRow<cordon::store::AccountRecord>(
                              db, store::Family::kAccounts,
                              store::KeyOf({account}), name, "account record"));
  AccountDelivery delivery;
  const cordon::v1::PsaIntegration& psa =
      record.account().settings().psa_integration();
  delivery.has_psa =
      psa.kind() != cordon::v1::PsaIntegration::KIND_UNSPECIFIED &&
      psa.kind() != cordon::v1::PsaIntegration::NONE;
  if (delivery.has_psa) {
    delivery.psa.account = name;
    delivery.psa.kind = cordon::v1::PsaIntegration::Kind_Name(psa.kind());
    delivery.psa.endpoint = psa.endpoint();
    delivery.psa.board = psa.board();
    delivery.psa.secret = record.psa_secret();
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
