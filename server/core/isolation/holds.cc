#include "server/core/isolation/holds.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace cordon::core {
namespace {

bool SourceLess(const Hold& hold, absl::string_view source) {
  return absl::string_view(hold.source) < source;
}

}  // namespace

IdentityHolds::IdentityHolds(std::vector<Hold> holds) {
  // stable_sort keeps the first of several holds with one source in front,
  // and unique then keeps exactly that one.
  std::stable_sort(
      holds.begin(), holds.end(),
      [](const Hold& a, const Hold& b) { return a.source < b.source; });
  holds.erase(std::unique(holds.begin(), holds.end(),
                          [](const Hold& a, const Hold& b) {
                            return a.source == b.source;
                          }),
              holds.end());
  holds_ = std::move(holds);
}

std::vector<Hold>::iterator IdentityHolds::LowerBound(
    absl::string_view source) {
  return std::lower_bound(holds_.begin(), holds_.end(), source, SourceLess);
}

std::vector<Hold>::const_iterator IdentityHolds::LowerBound(
    absl::string_view source) const {
  return std::lower_bound(holds_.begin(), holds_.end(), source, SourceLess);
}

absl::Status IdentityHolds::Add(Hold hold) {
  if (hold.source.empty()) {
    return absl::InvalidArgumentError("a hold needs a source");
  }
  auto it = LowerBound(hold.source);
  if (it != holds_.end() && it->source == hold.source) {
    if (it->kind == hold.kind) return absl::OkStatus();
    return absl::AlreadyExistsError(
        absl::StrCat(hold.source, " already holds the identity as ",
                     IsolationTriggerName(it->kind)));
  }
  if (holds_.size() >= kMaxHolds) {
    return absl::ResourceExhaustedError(
        absl::StrCat("an identity can have at most ", kMaxHolds, " holds"));
  }
  holds_.insert(it, std::move(hold));
  return absl::OkStatus();
}

bool IdentityHolds::Release(absl::string_view source) {
  auto it = LowerBound(source);
  if (it == holds_.end() || it->source != source) return false;
  holds_.erase(it);
  return holds_.empty();
}

bool IdentityHolds::ReleaseAll() {
  const bool had_holds = !holds_.empty();
  holds_.clear();
  return had_holds;
}

bool IdentityHolds::Contains(absl::string_view source) const {
  auto it = LowerBound(source);
  return it != holds_.end() && it->source == source;
}

absl::string_view IsolationStateName(IsolationState state) {
  switch (state) {
    case IsolationState::kActive:
      return "ACTIVE";
    case IsolationState::kIsolating:
      return "ISOLATING";
    case IsolationState::kIsolated:
      return "ISOLATED";
    case IsolationState::kLimited:
      return "LIMITED";
    case IsolationState::kReleasing:
      return "RELEASING";
    case IsolationState::kAwaitingConfirmation:
      return "AWAITING_CONFIRMATION";
  }
  return "UNKNOWN";
}

IsolationState DeriveIsolationState(const IsolationStateInputs& inputs) {
  if (!inputs.has_holds) {
    if (inputs.isolate_actions_pending || inputs.release_actions_pending) {
      return IsolationState::kReleasing;
    }
    return inputs.awaiting_confirmation ? IsolationState::kAwaitingConfirmation
                                        : IsolationState::kActive;
  }
  if (inputs.isolate_actions_pending || inputs.release_actions_pending) {
    return IsolationState::kIsolating;
  }
  // ISO-9 spirit: never report an account as disabled when it is not.
  if (inputs.expected_outcome == ExpectedOutcome::kLimited ||
      inputs.account_disable_failed) {
    return IsolationState::kLimited;
  }
  return IsolationState::kIsolated;
}

}  // namespace cordon::core
