#ifndef CORDON_SERVER_ENGINE_ESCALATION_ACCOUNT_DELIVERY_H_
#define CORDON_SERVER_ENGINE_ESCALATION_ACCOUNT_DELIVERY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "server/engine/tenancy/psa_connection.h"
#include "server/ports/psa.h"
#include "server/store/database.h"

namespace cordon::engine {

// Where an account's notifications go, as its settings say now: its PSA
// integration (without the secret: planning needs none) if it has one, and the
// e-mail recipients (ESC-6: the configured list if it keeps an admin, else
// every account admin). Read when a delivery is planned or performed, so that a
// fixed integration or an edited list takes effect for the next attempt.
struct AccountDelivery {
  bool has_psa = false;
  ports::PsaConnection psa;
  std::vector<std::string> email_recipients;
};

absl::StatusOr<AccountDelivery> ReadAccountDelivery(const store::Database& db,
                                                    uint64_t account);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_ACCOUNT_DELIVERY_H_
