#include "server/engine/isolation/report_containment.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "google/protobuf/util/time_util.h"
#include "server/core/isolation/containment.h"
#include "server/engine/common/resource_time.h"

namespace cordon::engine {
namespace {

using cordon::v1::Containment;
using cordon::v1::IncidentReport;
using cordon::v1::ResponseAction;

core::LockoutOutcome LockoutOutcomeOf(ResponseAction::Outcome outcome) {
  switch (outcome) {
    case ResponseAction::SUCCEEDED:
      return core::LockoutOutcome::kSucceeded;
    case ResponseAction::FAILED:
      return core::LockoutOutcome::kFailed;
    case ResponseAction::SUPERSEDED:
      return core::LockoutOutcome::kSuperseded;
    default:
      return core::LockoutOutcome::kPending;
  }
}

Containment::State ApiContainmentState(core::ContainmentState state) {
  switch (state) {
    case core::ContainmentState::kInProgress:
      return Containment::IN_PROGRESS;
    case core::ContainmentState::kContained:
      return Containment::CONTAINED;
    case core::ContainmentState::kFailed:
      return Containment::FAILED;
    case core::ContainmentState::kAlreadyContained:
      return Containment::ALREADY_CONTAINED;
    case core::ContainmentState::kLimited:
      return Containment::LIMITED;
    case core::ContainmentState::kSkipped:
      return Containment::SKIPPED;
    case core::ContainmentState::kSuperseded:
      return Containment::SUPERSEDED;
    case core::ContainmentState::kNone:
      break;
  }
  return Containment::STATE_UNSPECIFIED;
}

core::ContainmentState CoreContainmentState(Containment::State state) {
  for (core::ContainmentState core_state :
       {core::ContainmentState::kInProgress, core::ContainmentState::kContained,
        core::ContainmentState::kFailed,
        core::ContainmentState::kAlreadyContained,
        core::ContainmentState::kLimited, core::ContainmentState::kSkipped,
        core::ContainmentState::kSuperseded}) {
    if (ApiContainmentState(core_state) == state) return core_state;
  }
  return core::ContainmentState::kNone;
}

bool IsLockout(ResponseAction::Kind kind) {
  return kind == ResponseAction::SESSIONS_REVOKED ||
         kind == ResponseAction::IDENTITY_DISABLED ||
         kind == ResponseAction::ON_PREM_DISABLED;
}

// The report's response actions about `identity`, and the words of the
// one that explains where its lock-out stands (the first failed, pending or
// skipping one).
struct IdentityActions {
  core::ContainmentFacts facts;
  std::string failed;
  std::string pending;
  std::string skipped;
};

void AddContainmentAction(const ResponseAction& action,
                          IdentityActions& found) {
  const core::LockoutOutcome outcome = LockoutOutcomeOf(action.outcome());
  if (IsLockout(action.kind())) {
    found.facts.lockout.push_back(
        {.outcome = outcome, .time = FromTimestamp(action.update_time())});
    if (outcome == core::LockoutOutcome::kFailed && found.failed.empty()) {
      found.failed = action.detail();
    }
    if (outcome == core::LockoutOutcome::kPending && found.pending.empty()) {
      found.pending = action.detail();
    }
  } else if (action.kind() == ResponseAction::ISOLATION_SKIPPED) {
    found.facts.skipped = true;
    found.skipped = action.detail();
  } else if (action.kind() == ResponseAction::ISOLATION_LIMITED) {
    found.facts.limited = true;
  } else if (action.kind() == ResponseAction::ISOLATION_HELD) {
    found.facts.held = outcome;
    if (found.pending.empty()) found.pending = action.detail();
  }
}

// Every identity's actions, in one pass over the report's actions: a
// report may hold 1,000 identities and several actions each, and this runs
// at every outcome written.
absl::flat_hash_map<std::string, IdentityActions> ActionsByIdentity(
    const IncidentReport& report) {
  absl::flat_hash_map<std::string, IdentityActions> by_identity;
  for (const ResponseAction& action : report.response_actions()) {
    AddContainmentAction(action, by_identity[action.identity()]);
  }
  return by_identity;
}

std::string DetailOf(core::ContainmentState state,
                     const IdentityActions& actions) {
  switch (state) {
    case core::ContainmentState::kInProgress:
      return "lock-out under way: " + actions.pending;
    case core::ContainmentState::kFailed:
      return "lock-out failed: " + actions.failed;
    case core::ContainmentState::kAlreadyContained:
      return "already locked out under an earlier hold when the report was "
             "sent";
    case core::ContainmentState::kLimited:
      return "ISO-9: sessions revoked only; the account cannot be disabled";
    case core::ContainmentState::kSkipped:
      return "isolation skipped: " + actions.skipped;
    case core::ContainmentState::kSuperseded:
      return "released before the lock-out ended";
    default:
      return "";
  }
}

// The containments `report` recorded before this write, by identity.
absl::flat_hash_map<std::string, const Containment*> PreviousByIdentity(
    const IncidentReport& report) {
  absl::flat_hash_map<std::string, const Containment*> previous;
  for (const Containment& containment : report.containments()) {
    previous.try_emplace(containment.identity(), &containment);
  }
  return previous;
}

core::Containment CoreContainment(const Containment& stored) {
  core::Containment containment;
  containment.state = CoreContainmentState(stored.state());
  if (stored.has_contain_time()) {
    containment.contain_time = FromTimestamp(stored.contain_time());
  }
  containment.time_to_contain =
      absl::Nanoseconds(google::protobuf::util::TimeUtil::DurationToNanoseconds(
          stored.time_to_contain()));
  return containment;
}

google::protobuf::Duration ToDuration(absl::Duration duration) {
  return google::protobuf::util::TimeUtil::NanosecondsToDuration(
      absl::ToInt64Nanoseconds(duration));
}

// Seconds to days: a lock-out in one Graph round trip, one waiting for
// Retry-After or an agent, one that took an admin's ISO-14 confirmation.
const std::vector<double>& TimeToContainBounds() {
  static const std::vector<double>* const kBounds = new std::vector<double>{
      1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 24 * 3600};
  return *kBounds;
}

}  // namespace

metrics::Family<metrics::Histogram>& TimeToContainHistogram(
    metrics::Registry& registry) {
  return registry.AddHistogram(
      "cordon_time_to_contain_seconds",
      "Time to contain per incident report: from its send to the moment "
      "every identity's sessions were revoked and account disabled, observed "
      "when the report became CONTAINED, by the report's severity.",
      {"severity"}, TimeToContainBounds());
}

void ObserveIfContained(const IncidentReport& before,
                        const IncidentReport& after,
                        metrics::Family<metrics::Histogram>* histogram,
                        store::Transaction& txn) {
  if (histogram == nullptr ||
      before.containment_state() == Containment::CONTAINED ||
      after.containment_state() != Containment::CONTAINED) {
    return;
  }
  metrics::Histogram* series =
      &histogram->WithLabels({cordon::v1::Severity_Name(after.severity())});
  const double seconds =
      static_cast<double>(
          google::protobuf::util::TimeUtil::DurationToNanoseconds(
              after.time_to_contain())) /
      1e9;
  txn.AfterCommit([series, seconds] { series->Observe(seconds); });
}

void StampContainment(const IncidentReport& before, IncidentReport* after) {
  if (!after->isolation_worthy() || !after->has_send_time()) return;
  const bool at_send = before.status() == IncidentReport::DRAFT;
  const absl::Time send_time = FromTimestamp(after->send_time());
  std::vector<Containment> stamped;
  std::vector<core::Containment> decided;
  const auto previous_by_identity = PreviousByIdentity(before);
  const auto actions_by_identity = ActionsByIdentity(*after);
  const IdentityActions no_actions;
  for (const std::string& identity : after->identities()) {
    const auto previous_it = previous_by_identity.find(identity);
    const Containment* previous = previous_it == previous_by_identity.end()
                                      ? nullptr
                                      : previous_it->second;
    const core::Containment was =
        previous == nullptr ? core::Containment{} : CoreContainment(*previous);
    const auto actions_it = actions_by_identity.find(identity);
    const IdentityActions& actions = actions_it == actions_by_identity.end()
                                         ? no_actions
                                         : actions_it->second;
    const core::Containment now =
        core::DecideContainment(actions.facts, was, at_send, send_time);
    if (now.state == core::ContainmentState::kNone) continue;
    decided.push_back(now);
    if (previous != nullptr && now.state == was.state &&
        now.state != core::ContainmentState::kInProgress) {
      stamped.push_back(*previous);  // ended: kept as recorded
      continue;
    }
    Containment& entry = stamped.emplace_back();
    entry.set_identity(identity);
    entry.set_state(ApiContainmentState(now.state));
    entry.set_detail(DetailOf(now.state, actions));
    if (now.state == core::ContainmentState::kContained) {
      *entry.mutable_contain_time() = ToTimestamp(now.contain_time);
      *entry.mutable_time_to_contain() = ToDuration(now.time_to_contain);
    }
  }
  after->clear_containments();
  for (Containment& entry : stamped) *after->add_containments() = entry;
  const core::Containment report = core::ReportContainment(decided);
  after->set_containment_state(ApiContainmentState(report.state));
  after->clear_time_to_contain();
  if (report.state == core::ContainmentState::kContained) {
    *after->mutable_time_to_contain() = ToDuration(report.time_to_contain);
  }
}

}  // namespace cordon::engine
