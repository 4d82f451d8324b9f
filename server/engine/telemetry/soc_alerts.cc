#include "server/engine/telemetry/soc_alerts.h"

#include <utility>

#include "server/core/errors.h"
#include "server/engine/common/page_scan.h"
#include "server/engine/common/resource_time.h"
#include "server/engine/common/rows.h"
#include "server/engine/events/event_builders.h"
#include "server/store/keys.h"

namespace cordon::engine {

using cordon::v1::SocAlert;

absl::StatusOr<SocAlert> SocAlerts::Raise(store::Transaction& txn,
                                          SocAlert alert) {
  CORDON_ASSIGN_OR_RETURN(uint64_t id, db_->NextId());
  alert.set_name(core::SocAlertName{id}.ToString());
  *alert.mutable_create_time() = ToTimestamp(clock_->Now());
  txn.Put(store::Family::kSocAlerts, store::KeyOf({id}), alert);
  CORDON_RETURN_IF_ERROR(events_->Append(txn, SocAlertEvent(alert)));
  return alert;
}

absl::StatusOr<SocAlert> SocAlerts::Get(const core::SocAlertName& name) const {
  return ReadRow<SocAlert>(*db_, store::Family::kSocAlerts,
                           store::KeyOf({name.alert}), name.ToString(),
                           "SOC alert");
}

absl::StatusOr<Page<SocAlert>> SocAlerts::List(const Query& query,
                                               const PageRequest& page) const {
  return ScanPage<SocAlert>(
      *db_, store::Family::kSocAlerts, "", page, "SOC alert",
      [&](const SocAlert& alert) {
        return !query.account || alert.account() == *query.account;
      },
      {.reverse = true, .token_only_when_rows_remain = true});
}

}  // namespace cordon::engine
