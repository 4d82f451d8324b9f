#ifndef CORDON_SERVER_ENGINE_TELEMETRY_SOC_ALERTS_H_
#define CORDON_SERVER_ENGINE_TELEMETRY_SOC_ALERTS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "cordon/v1/soc_alert.pb.h"
#include "server/core/resource_name.h"
#include "server/engine/common/page.h"
#include "server/engine/events/event_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// Alerts for the SOC (provider staff), kept provider-wide and read newest
// first: what Cordon raises that the SOC must look at now (the CRITICAL
// alert of an UNAUTHORIZED sign-in, ESC-4). Partner users never see them.
class SocAlerts {
 public:
  // `events` receives SOC_ALERT_RAISED (ESC-4) with each alert.
  SocAlerts(store::Database* db, const ports::Clock* clock,
            const EventLog* events)
      : db_(db), clock_(clock), events_(events) {}

  // Stores `alert` in the caller's write (so the alert and what caused it
  // commit together), with its name and time set. Returns it.
  absl::StatusOr<cordon::v1::SocAlert> Raise(store::Transaction& txn,
                                             cordon::v1::SocAlert alert);

  absl::StatusOr<cordon::v1::SocAlert> Get(
      const core::SocAlertName& name) const;

  struct Query {
    // Only this account's alerts (accounts/{a}).
    absl::optional<std::string> account;
  };
  absl::StatusOr<Page<cordon::v1::SocAlert>> List(
      const Query& query, const PageRequest& page) const;

 private:
  store::Database* db_;
  const ports::Clock* clock_;
  const EventLog* events_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TELEMETRY_SOC_ALERTS_H_
