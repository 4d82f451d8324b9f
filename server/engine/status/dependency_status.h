#ifndef CORDON_SERVER_ENGINE_STATUS_DEPENDENCY_STATUS_H_
#define CORDON_SERVER_ENGINE_STATUS_DEPENDENCY_STATUS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "cordon/v1/status.pb.h"
#include "server/engine/agent/agent_presence.h"
#include "server/engine/status/dependency_board.h"
#include "server/ports/clock.h"
#include "server/store/database.h"

namespace cordon::engine {

// Issue 14, GetDependencyStatus: the board's in-memory figures joined with
// what the store has: each organization's Microsoft 365 tenant (a tenant
// bound but not called since start shows NOT_CALLED), the account's PSA
// integration and the organizations' on-prem agents (ISO-15).
class DependencyStatusReader {
 public:
  // At most this many organizations are read per answer.
  static constexpr int kMaxOrganizations = 10000;

  DependencyStatusReader(const store::Database* db, const ports::Clock* clock,
                         const DependencyBoard* board,
                         const AgentPresence* presence)
      : db_(db), clock_(clock), board_(board), presence_(presence) {}

  // One account's dependencies, or the whole server's (nullopt), which adds
  // SMTP and every PSA called since start.
  absl::StatusOr<cordon::v1::DependencyStatus> Read(
      absl::optional<uint64_t> account) const;

 private:
  absl::Status AddOrganizations(absl::optional<uint64_t> account,
                                cordon::v1::DependencyStatus* status) const;
  absl::Status AddAccountPsa(uint64_t account,
                             cordon::v1::DependencyStatus* status) const;

  const store::Database* db_;
  const ports::Clock* clock_;
  const DependencyBoard* board_;
  // Confirms an agent's stored connected flag, as GetOrganization does.
  const AgentPresence* presence_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_STATUS_DEPENDENCY_STATUS_H_
