#include "server/store/leadership.h"

#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "server/core/errors.h"

namespace cordon::store {
namespace {

constexpr LeaderTerm kSoleTerm{1};
constexpr absl::string_view kLeadershipLost = "LEADERSHIP_LOST";

}  // namespace

void SoleLeadership::Start(std::function<void(LeaderTerm)> elected,
                           std::function<void(LeaderTerm)> deposed) {
  deposed_ = std::move(deposed);
  leading_ = true;
  elected(kSoleTerm);
}

void SoleLeadership::Stop() {
  if (!leading_.exchange(false)) return;
  if (deposed_) deposed_(kSoleTerm);
}

bool SoleLeadership::Holds(LeaderTerm term) const {
  return leading_ && term.number == kSoleTerm.number;
}

absl::Status LeadershipLostError() {
  return core::WithReason(
      absl::FailedPreconditionError(
          "this server no longer leads the background work; another server "
          "sharing the store took it over, and nothing was written"),
      kLeadershipLost);
}

bool IsLeadershipLost(const absl::Status& status) {
  return absl::IsFailedPrecondition(status) &&
         core::ReasonOf(status) == std::string(kLeadershipLost);
}

}  // namespace cordon::store
