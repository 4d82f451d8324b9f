#ifndef CORDON_SERVER_ENGINE_ESCALATION_ISOLATION_CONFIRMATION_H_
#define CORDON_SERVER_ENGINE_ESCALATION_ISOLATION_CONFIRMATION_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "server/engine/common/actor.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// What confirming an ISOLATION_CAP_REACHED escalation does (ISO-14, ESC-8):
// perform every isolation the account's blast-radius guard holds and resume
// automated isolation. Implemented by the isolation workflow; the
// EscalationAnswerer calls it inside the answer's transaction, so the
// isolations, the resumed guard and the resolved escalation commit together.
class IsolationConfirmation {
 public:
  virtual ~IsolationConfirmation() = default;

  // Returns how many held isolations were performed (queued through the
  // outbox).
  virtual absl::StatusOr<int> ConfirmHeldIsolations(store::Transaction& txn,
                                                    const Actor& actor,
                                                    uint64_t account) = 0;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_ISOLATION_CONFIRMATION_H_
