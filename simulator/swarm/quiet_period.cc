#include "simulator/swarm/quiet_period.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace cordon::sim::swarm {
namespace {

using cordon::sim::v1::Scenario;
using cordon::sim::v1::ScenarioStep;

constexpr char kManual[] = "manual";

// ISO-1/ISO-7: the identities no automated hold may reach.
std::set<std::string> Excluded(const Scenario& scenario) {
  const auto& cordon = scenario.cordon();
  const bool toggle_off = cordon.has_identity_isolation_enabled() &&
                          !cordon.identity_isolation_enabled();
  std::set<std::string> excluded_orgs;
  for (const auto& org : cordon.organizations()) {
    if (org.excluded_from_isolation()) excluded_orgs.insert(org.alias());
  }
  std::set<std::string> excluded;
  for (const auto& identity : cordon.identities()) {
    if (toggle_off || identity.excluded_from_isolation() ||
        excluded_orgs.count(identity.organization())) {
      excluded.insert(identity.alias());
    }
  }
  return excluded;
}

// Hold sources per identity after `step`.
void ApplyStep(const ScenarioStep& step, const std::set<std::string>& excluded,
               std::map<std::string, std::set<std::string>>& holds) {
  switch (step.action_case()) {
    case ScenarioStep::kSendReport: {
      const auto& send = step.send_report();
      if (send.has_isolation_worthy() && !send.isolation_worthy()) return;
      for (const std::string& identity : send.identities()) {
        if (!excluded.count(identity)) holds[identity].insert(send.alias());
      }
      return;
    }
    case ScenarioStep::kResolveReport:
    case ScenarioStep::kRejectReport: {
      const std::string& alias = step.has_resolve_report()
                                     ? step.resolve_report()
                                     : step.reject_report();
      for (auto& [identity, sources] : holds) sources.erase(alias);
      return;
    }
    case ScenarioStep::kIsolate:
      holds[step.isolate().identity()].insert(kManual);
      return;
    case ScenarioStep::kRelease:
      holds[step.release().identity()].clear();
      return;
    default:
      return;
  }
}

// The identities an UNAUTHORIZED rule of the history may have isolated.
std::set<std::string> Uncertain(const Scenario& scenario) {
  bool unauthorized = false;
  std::set<std::string> signed_in;
  for (const ScenarioStep& step : scenario.steps()) {
    unauthorized |= step.has_create_access_rule() &&
                    step.create_access_rule().determination() ==
                        cordon::v1::AccessRule::UNAUTHORIZED;
    if (step.has_record_sign_in()) {
      signed_in.insert(step.record_sign_in().identity());
    }
  }
  return unauthorized ? signed_in : std::set<std::string>();
}

ScenarioStep& AddLabelled(Scenario& scenario, const std::string& what) {
  ScenarioStep& step = *scenario.add_steps();
  step.set_label(absl::StrCat(kQuietPeriodLabel, what));
  return step;
}

// What the history broke and the quiet period must fix.
void FixEverything(Scenario& scenario) {
  std::set<std::string> broken_tenants;
  std::set<std::string> agents;
  for (const auto& aadsts : scenario.faults().tenant_aadsts()) {
    broken_tenants.insert(aadsts.tenant());
  }
  for (const ScenarioStep& step : scenario.steps()) {
    if (step.has_set_tenant_aadsts()) {
      broken_tenants.insert(step.set_tenant_aadsts().tenant());
    }
    if (step.has_set_agent_offline()) {
      agents.insert(step.set_agent_offline().tenant());
    }
  }
  AddLabelled(scenario, "random faults off").mutable_quiet();
  AddLabelled(scenario, "the PSA works").mutable_fix_psa();
  for (const std::string& tenant : broken_tenants) {
    AddLabelled(scenario, "consent restored").set_fix_tenant(tenant);
  }
  for (const std::string& tenant : agents) {
    auto& online =
        *AddLabelled(scenario, "agent online").mutable_set_agent_offline();
    online.set_tenant(tenant);
    online.set_offline(false);
  }
}

}  // namespace

std::map<std::string, int> ExpectedHolds(const Scenario& scenario) {
  const std::set<std::string> excluded = Excluded(scenario);
  std::map<std::string, std::set<std::string>> holds;
  for (const auto& identity : scenario.cordon().identities()) {
    holds[identity.alias()];
  }
  for (const ScenarioStep& step : scenario.steps()) {
    ApplyStep(step, excluded, holds);
  }
  std::map<std::string, int> counts;
  const std::set<std::string> uncertain = Uncertain(scenario);
  for (const auto& [identity, sources] : holds) {
    if (!uncertain.count(identity)) {
      counts[identity] = static_cast<int>(sources.size());
    }
  }
  return counts;
}

void CloseHistory(Scenario& scenario) {
  auto* steps = scenario.mutable_steps();
  while (!steps->empty() &&
         absl::StartsWith(steps->rbegin()->label(), kQuietPeriodLabel)) {
    steps->RemoveLast();
  }
  const std::map<std::string, int> holds = ExpectedHolds(scenario);
  FixEverything(scenario);
  AddLabelled(scenario, "settle").mutable_settle()->set_limit("48h");
  AddLabelled(scenario, "a directory-sync cycle").set_advance("1h");
  AddLabelled(scenario, "settle again").mutable_settle()->set_limit("48h");
  AddLabelled(scenario, "converged").mutable_converged();
  auto& expect =
      *AddLabelled(scenario, "holds as the history left them").mutable_expect();
  for (const auto& [identity, count] : holds) {
    auto& held = *expect.add_identities();
    held.set_identity(identity);
    held.set_holds(count);
  }
}

}  // namespace cordon::sim::swarm
