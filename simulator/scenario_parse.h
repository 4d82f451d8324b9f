#ifndef CORDON_SIMULATOR_SCENARIO_PARSE_H_
#define CORDON_SIMULATOR_SCENARIO_PARSE_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "cordon/sim/v1/scenario.pb.h"
#include "google/protobuf/message.h"
#include "server/core/isolation/inbox_rule.h"
#include "simulator/fault_plan.h"
#include "simulator/simulated_psa.h"

namespace cordon::sim {

// Parses protobuf text format into `message`; INVALID_ARGUMENT with the
// parser's "line:column: complaint"s when it does not parse.
absl::Status ParseTextFormat(absl::string_view text,
                             google::protobuf::Message* message);

// Parses a scenario in protobuf text format; INVALID_ARGUMENT with the
// parser's line and column when it does not parse.
absl::StatusOr<cordon::sim::v1::Scenario> ParseScenario(absl::string_view text);
absl::StatusOr<cordon::sim::v1::Scenario> LoadScenario(const std::string& path);

// A set-up or step that the scenario itself got wrong (unknown alias, bad
// duration): never confused with an answer of Cordon's that a step may
// expect (expect_code).
absl::Status ScenarioError(absl::string_view message);

// A non-negative duration such as "90s" or "2h" written in `field`;
// `fallback` when the text is empty.
absl::StatusOr<absl::Duration> ParseDurationText(absl::string_view field,
                                                 const std::string& text,
                                                 absl::Duration fallback);

// Tenant alias -> tenant id. Fault settings and organizations name tenants
// by alias.
using TenantAliases = std::map<std::string, std::string>;

// The world's tenant aliases; every tenant needs one, each used once.
absl::StatusOr<TenantAliases> ParseTenantAliases(
    const cordon::sim::v1::ScenarioWorld& world);

// The tenant id `alias` stands for; a scenario error naming `field` when
// none.
absl::StatusOr<std::string> TenantIdOf(const TenantAliases& tenants,
                                       absl::string_view field,
                                       const std::string& alias);

// The scenario's faults as the fault plan takes them (not yet validated by
// FaultPlan::Validate).
absl::StatusOr<FaultPlanConfig> ToFaultPlanConfig(
    const cordon::sim::v1::ScenarioFaults& faults,
    const TenantAliases& tenants);

// A mailbox rule as the simulated world keeps it.
core::InboxRule ToInboxRule(const cordon::sim::v1::ScenarioInboxRule& rule);

absl::StatusOr<PsaFailure> ToPsaFailure(
    cordon::sim::v1::ScenarioPsaFailure::Failure failure);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SCENARIO_PARSE_H_
