#ifndef CORDON_SIMULATOR_ESCALATION_QUERY_H_
#define CORDON_SIMULATOR_ESCALATION_QUERY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/v1/escalation.pb.h"
#include "server/engine/engine.h"

namespace cordon::sim {

// Which escalations a scenario step or expectation means; an unset field
// matches anything.
struct EscalationSelector {
  cordon::v1::EscalationType type = cordon::v1::ESCALATION_TYPE_UNSPECIFIED;
  std::string subject;
  std::string organization;  // a resource name
  cordon::v1::Escalation::Status status =
      cordon::v1::Escalation::STATUS_UNSPECIFIED;
  cordon::v1::Escalation::Resolution resolution =
      cordon::v1::Escalation::RESOLUTION_UNSPECIFIED;
};

// Every escalation of `account`, as read now (OVERDUE derived), in the
// order they were opened: scenarios pick "the latest" and "the n-th" by it.
absl::StatusOr<std::vector<cordon::v1::Escalation>> AllEscalations(
    engine::Engine& engine, uint64_t account);

// Those of AllEscalations() that `selector` matches, in the same order.
absl::StatusOr<std::vector<cordon::v1::Escalation>> MatchingEscalations(
    engine::Engine& engine, uint64_t account,
    const EscalationSelector& selector);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_ESCALATION_QUERY_H_
