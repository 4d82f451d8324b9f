#include "simulator/swarm/scenario_repair.h"

#include <set>
#include <string>

namespace cordon::sim::swarm {
namespace {

using cordon::sim::v1::Scenario;
using cordon::sim::v1::ScenarioStep;

// Keeps the elements of `field` that `keep` accepts, in order.
template <typename Field, typename Keep>
void KeepIf(Field& field, Keep keep) {
  Field kept;
  for (auto& element : field) {
    if (keep(element)) *kept.Add() = std::move(element);
  }
  field.Swap(&kept);
}

// The aliases that exist, and the reports sent and closed so far.
struct Known {
  std::set<std::string> tenants, organizations, identities;
  std::set<std::string> sent, closed;

  bool Identity(const std::string& alias) const {
    return identities.count(alias) > 0;
  }
  bool OptionalOrganization(const std::string& alias) const {
    return alias.empty() || organizations.count(alias) > 0;
  }
  // A report can be closed once, after it was sent.
  bool Close(const std::string& alias) {
    return sent.count(alias) && closed.insert(alias).second;
  }
};

bool KeepSend(ScenarioStep& step, Known& known) {
  auto& send = *step.mutable_send_report();
  KeepIf(*send.mutable_identities(),
         [&](const std::string& alias) { return known.Identity(alias); });
  if (send.identities().empty() ||
      !known.OptionalOrganization(send.organization())) {
    return false;
  }
  known.sent.insert(send.alias());
  return true;
}

// Whether `step` still makes sense; updates the reports known.
bool KeepStep(ScenarioStep& step, Known& known) {
  switch (step.action_case()) {
    case ScenarioStep::kSendReport:
      return KeepSend(step, known);
    case ScenarioStep::kResolveReport:
      return known.Close(step.resolve_report());
    case ScenarioStep::kRejectReport:
      return known.Close(step.reject_report());
    case ScenarioStep::kIsolate:
      return known.Identity(step.isolate().identity());
    case ScenarioStep::kRelease:
      return known.Identity(step.release().identity());
    case ScenarioStep::kSignIn:
      return step.sign_in().identity().empty() ||
             known.Identity(step.sign_in().identity());
    case ScenarioStep::kRecordSignIn:
      return known.Identity(step.record_sign_in().identity());
    case ScenarioStep::kCreateAccessRule:
      return (step.create_access_rule().identity().empty() ||
              known.Identity(step.create_access_rule().identity())) &&
             known.OptionalOrganization(
                 step.create_access_rule().organization());
    case ScenarioStep::kRecordEndpointStatus:
      return known.organizations.count(
          step.record_endpoint_status().organization());
    case ScenarioStep::kSetTenantAadsts:
      return known.tenants.count(step.set_tenant_aadsts().tenant());
    case ScenarioStep::kFixTenant:
      return known.tenants.count(step.fix_tenant());
    case ScenarioStep::kSetAgentOffline:
      return known.tenants.count(step.set_agent_offline().tenant());
    default:
      return true;
  }
}

}  // namespace

void DropDanglingReferences(Scenario& scenario) {
  Known known;
  for (const auto& tenant : scenario.world().tenants()) {
    known.tenants.insert(tenant.alias());
  }
  auto& cordon = *scenario.mutable_cordon();
  KeepIf(*cordon.mutable_organizations(), [&](const auto& org) {
    return org.tenant().empty() || known.tenants.count(org.tenant());
  });
  for (const auto& org : cordon.organizations()) {
    known.organizations.insert(org.alias());
  }
  KeepIf(*cordon.mutable_identities(), [&](const auto& identity) {
    return known.organizations.count(identity.organization()) > 0;
  });
  for (const auto& identity : cordon.identities()) {
    known.identities.insert(identity.alias());
  }
  if (scenario.has_faults()) {
    auto& faults = *scenario.mutable_faults();
    KeepIf(*faults.mutable_tenant_aadsts(), [&](const auto& aadsts) {
      return known.tenants.count(aadsts.tenant()) > 0;
    });
    KeepIf(*faults.mutable_tenant_budgets(), [&](const auto& budget) {
      return known.tenants.count(budget.tenant()) > 0;
    });
  }
  KeepIf(*scenario.mutable_steps(),
         [&](ScenarioStep& step) { return KeepStep(step, known); });
}

}  // namespace cordon::sim::swarm
