#ifndef CORDON_SERVER_ENGINE_TENANCY_AUDIT_LOG_H_
#define CORDON_SERVER_ENGINE_TENANCY_AUDIT_LOG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "cordon/v1/audit.pb.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/page.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// The audit trail: one event per mutating call (ISO-11), kept per account
// (account 0 = the provider-wide log), read newest first.
class AuditLog {
 public:
  AuditLog(store::Database* db, const ports::Clock* clock)
      : db_(db), clock_(clock) {}

  // Records a successful change inside the transaction that makes it, so the
  // change and its record commit together or not at all.
  absl::Status Record(store::Transaction& txn, uint64_t account,
                      const Actor& actor, absl::string_view resource,
                      std::string summary);

  // Records a call that failed (nothing else was written), in its own write.
  absl::Status RecordFailure(uint64_t account, const Actor& actor,
                             absl::string_view resource,
                             absl::string_view outcome, std::string summary);

  struct Query {
    uint64_t account = 0;
    // Only events whose resource is this one or below it.
    std::string resource;
    absl::optional<absl::Time> start_time;
    absl::optional<absl::Time> end_time;
  };
  absl::StatusOr<Page<cordon::v1::AuditEvent>> List(
      const Query& query, const PageRequest& page) const;

 private:
  absl::StatusOr<std::pair<std::string, cordon::v1::AuditEvent>> NewEvent(
      uint64_t account, const Actor& actor, absl::string_view resource,
      absl::string_view outcome, std::string summary);

  store::Database* db_;
  const ports::Clock* clock_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_AUDIT_LOG_H_
