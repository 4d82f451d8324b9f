#ifndef CORDON_SERVER_ENGINE_ISOLATION_MANUAL_ISOLATION_H_
#define CORDON_SERVER_ENGINE_ISOLATION_MANUAL_ISOLATION_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/v1/identity.pb.h"
#include "server/core/resource_name.h"
#include "server/engine/common/actor.h"
#include "server/engine/isolation/isolation_engine.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"

namespace cordon::engine {

// What people do to one identity by hand: isolate (ISO-8), release
// (ISO-6), look at and re-enable inbox rules (ISO-5).
class ManualIsolation {
 public:
  ManualIsolation(store::Database* db, AuditLog* audit,
                  IsolationEngine* isolation,
                  std::function<void()> on_actions_queued)
      : db_(db),
        audit_(audit),
        isolation_(isolation),
        on_actions_queued_(std::move(on_actions_queued)) {}

  // ISO-8: whatever the exclusions and the toggle say.
  absl::StatusOr<cordon::v1::Identity> Isolate(const Actor& actor,
                                               const core::IdentityName& name,
                                               const std::string& reason);
  // ISO-6: clears every hold.
  absl::StatusOr<cordon::v1::Identity> Release(const Actor& actor,
                                               const core::IdentityName& name,
                                               const std::string& reason);
  absl::StatusOr<std::vector<cordon::v1::InboxRule>> ListInboxRules(
      const core::IdentityName& name) const;
  absl::Status EnableInboxRule(const Actor& actor,
                               const core::IdentityName& name,
                               const std::string& rule_id);

 private:
  absl::StatusOr<cordon::v1::Identity> ReadIdentity(
      const core::IdentityName& name) const;

  store::Database* db_;
  AuditLog* audit_;
  IsolationEngine* isolation_;
  std::function<void()> on_actions_queued_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ISOLATION_MANUAL_ISOLATION_H_
