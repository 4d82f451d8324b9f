#ifndef CORDON_SERVER_ENGINE_TENANCY_USER_MANAGER_H_
#define CORDON_SERVER_ENGINE_TENANCY_USER_MANAGER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "cordon/v1/user.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "server/engine/common/actor.h"
#include "server/engine/common/idempotency.h"
#include "server/engine/common/page.h"
#include "server/engine/tenancy/api_key_manager.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/store/database.h"

namespace cordon::engine {

// An account refuses users beyond this many. It matches the bound of
// AccountManager::AdminEmails, so the ESC-6 admin scan always sees every
// user.
inline constexpr int kMaxUsersPerAccount = 10000;

// The people who use Cordon for a partner account, with their roles. Every
// change locks the account first (AccountManager::LockAccount), so changes
// to users and to the account's recipients serialize and ESC-6 is checked
// against a stable set of admins.
class UserManager {
 public:
  UserManager(store::Database* db, const ports::Clock* clock, AuditLog* audit,
              ApiKeyManager* api_keys)
      : db_(db), clock_(clock), audit_(audit), api_keys_(api_keys) {}

  // ALREADY_EXISTS (EMAIL_TAKEN) when another user of the account has the
  // email, compared case-insensitively.
  absl::StatusOr<cordon::v1::User> Create(const Actor& actor, uint64_t account,
                                          const cordon::v1::User& user,
                                          const IdempotentCall& call);
  absl::StatusOr<cordon::v1::User> Get(uint64_t account, uint64_t user) const;

  struct ListQuery {
    absl::optional<cordon::v1::Role> role;
  };
  // NOT_FOUND when the account does not exist.
  absl::StatusOr<Page<cordon::v1::User>> List(uint64_t account,
                                              const ListQuery& query,
                                              const PageRequest& page) const;

  // ESC-6: refuses to demote an admin or change an admin's email when the
  // account's recipients would then name no admin.
  absl::StatusOr<cordon::v1::User> Update(
      const Actor& actor, const cordon::v1::User& patch,
      const google::protobuf::FieldMask& mask);
  // Revokes the user's API keys in the same write. ESC-6 as for Update.
  absl::Status Delete(const Actor& actor, uint64_t account, uint64_t user,
                      const std::string& etag);

 private:
  // Checks the role/organization pair of `user`, a user of `account`, and
  // (when `check_organization`) that its organization exists, locking it.
  absl::Status CheckRoleAndOrganization(store::Transaction& txn,
                                        uint64_t account,
                                        const cordon::v1::User& user,
                                        bool check_organization) const;

  store::Database* db_;
  const ports::Clock* clock_;
  AuditLog* audit_;
  ApiKeyManager* api_keys_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_USER_MANAGER_H_
