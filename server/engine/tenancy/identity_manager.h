#ifndef CORDON_SERVER_ENGINE_TENANCY_IDENTITY_MANAGER_H_
#define CORDON_SERVER_ENGINE_TENANCY_IDENTITY_MANAGER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "cordon/v1/identity.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "server/core/resource_name.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/idempotency.h"
#include "server/engine/common/page.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"

namespace cordon::engine {

// An organization refuses identities beyond this many: it bounds the scan
// that counts them.
inline constexpr int kMaxIdentitiesPerOrganization = 100000;

// The Microsoft 365 identities Cordon protects, keyed by UPN within their
// organization (unique, case-insensitive, as Entra compares them). Their
// isolation state is output only: the isolation workflow moves it, never a
// client.
class IdentityManager {
 public:
  IdentityManager(store::Database* db, const ports::Clock* clock,
                  AuditLog* audit)
      : db_(db), clock_(clock), audit_(audit) {}

  absl::StatusOr<cordon::v1::Identity> Create(
      const Actor& actor, const core::OrganizationName& parent,
      const cordon::v1::Identity& identity, const IdempotentCall& call);
  absl::StatusOr<cordon::v1::Identity> Get(
      const core::IdentityName& name) const;

  struct ListQuery {
    absl::optional<cordon::v1::Identity::IsolationState> isolation_state;
    absl::optional<cordon::v1::Identity::Source> source;
    absl::optional<bool> excluded_from_isolation;
  };
  // One page of `parent`'s identities that `query` selects, each as stored
  // (a serialized cordon.v1.Identity, what Get returns parsed), for the API
  // to send on without parsing (api/stored_rows.h). NOT_FOUND when the
  // organization does not exist.
  absl::StatusOr<Page<std::string>> ListStored(
      const core::OrganizationName& parent, const ListQuery& query,
      const PageRequest& page) const;
  // The same page parsed, for callers inside the process.
  absl::StatusOr<Page<cordon::v1::Identity>> List(
      const core::OrganizationName& parent, const ListQuery& query,
      const PageRequest& page) const;

  absl::StatusOr<cordon::v1::Identity> Update(
      const Actor& actor, const cordon::v1::Identity& patch,
      const google::protobuf::FieldMask& mask);
  absl::Status Delete(const Actor& actor, const core::IdentityName& name,
                      const std::string& etag);

  // The index row that keeps UPNs unique per organization, case-insensitive.
  static std::string UpnIndexKey(uint64_t account, uint64_t organization,
                                 absl::string_view upn);
  // The index row that finds an identity by its Entra object id (ISO-12).
  static std::string ObjectIdIndexKey(uint64_t account, uint64_t organization,
                                      absl::string_view object_id);

 private:
  store::Database* db_;
  const ports::Clock* clock_;
  AuditLog* audit_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_IDENTITY_MANAGER_H_
