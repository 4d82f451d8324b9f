#include "simulator/swarm/step_generators.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"

namespace cordon::sim::swarm {
namespace {

using cordon::sim::v1::ScenarioStep;

const std::vector<std::string>& Countries() {
  static const auto* countries =
      new std::vector<std::string>{"US", "NL", "DE", "RU", "BR"};
  return *countries;
}

const std::vector<std::string>& VpnProviders() {
  static const auto* providers =
      new std::vector<std::string>{"NordVPN", "ExpressVPN"};
  return *providers;
}

// ---------------------------------------------------------------------------
// Requests to Cordon.

// ISO-2: a report about one to three identities of one organization.
bool SendReport(History& history) {
  if (history.organizations.empty()) return false;
  const GeneratedOrganization& org = history.PickOf(history.organizations);
  auto& send = *history.AddStep()->mutable_send_report();
  send.set_alias(history.NewReportAlias());
  const int count = std::min<int>(history.Between(1, 3),
                                  static_cast<int>(org.identities.size()));
  for (int i = 0; i < count; ++i) {
    const std::string& identity = history.PickOf(org.identities);
    if (std::find(send.identities().begin(), send.identities().end(),
                  identity) == send.identities().end()) {
      send.add_identities(identity);
    }
  }
  if (!history.rule_ids.empty() && history.Chance(0.3)) {
    send.add_malicious_rule_ids(history.PickOf(history.rule_ids));
  }
  if (history.Chance(0.15)) send.set_isolation_worthy(false);
  send.set_severity(static_cast<cordon::v1::Severity>(history.Between(1, 3)));
  history.open_reports.push_back(send.alias());
  return true;
}

// ISO-4: resolved or rejected, once.
bool CloseReport(History& history) {
  if (history.open_reports.empty()) return false;
  const int index = history.Pick(static_cast<int>(history.open_reports.size()));
  const std::string alias = history.open_reports[index];
  history.open_reports.erase(history.open_reports.begin() + index);
  ScenarioStep& step = *history.AddStep();
  if (history.Chance(0.7)) {
    step.set_resolve_report(alias);
  } else {
    step.set_reject_report(alias);
  }
  return true;
}

// ISO-8 / ISO-6.
bool IsolateOrRelease(History& history) {
  if (history.identities.empty()) return false;
  ScenarioStep& step = *history.AddStep();
  auto& action =
      history.Chance(0.5) ? *step.mutable_isolate() : *step.mutable_release();
  action.set_identity(history.PickOf(history.identities));
  return true;
}

// ESC-2/ESC-4 telemetry: sign-ins from here and there, some through a VPN.
bool RecordSignIn(History& history) {
  if (history.identities.empty()) return false;
  auto& sign_in = *history.AddStep()->mutable_record_sign_in();
  sign_in.set_identity(history.PickOf(history.identities));
  sign_in.set_country(history.PickOf(Countries()));
  if (history.Chance(0.3)) {
    sign_in.set_vpn_provider(history.PickOf(VpnProviders()));
  }
  return true;
}

// ESC-4: an access rule at some scope; now and then an UNAUTHORIZED one,
// which isolates (ISO-7 permitting).
bool CreateAccessRule(History& history) {
  if (history.identities.empty()) return false;
  auto& rule = *history.AddStep()->mutable_create_access_rule();
  switch (history.Pick(3)) {
    case 0:
      rule.set_identity(history.PickOf(history.identities));
      break;
    case 1:
      rule.set_organization(history.PickOf(history.organizations).alias);
      break;
    default:
      break;  // the account
  }
  if (history.Chance(0.6)) {
    rule.set_country(history.PickOf(Countries()));
  } else {
    rule.set_vpn_provider(history.PickOf(VpnProviders()));
  }
  rule.set_determination(history.Chance(0.2)
                             ? cordon::v1::AccessRule::UNAUTHORIZED
                             : cordon::v1::AccessRule::EXPECTED);
  return true;
}

// ESC-2: endpoints turning RTP off and on, now and then isolated.
bool RecordEndpointStatus(History& history) {
  if (history.organizations.empty()) return false;
  auto& status = *history.AddStep()->mutable_record_endpoint_status();
  status.set_organization(history.PickOf(history.organizations).alias);
  status.set_endpoint_id(absl::StrCat("ep-", history.Between(1, 4)));
  status.set_antivirus_mode(history.Chance(0.8)
                                ? cordon::v1::EndpointStatusEvent::ENFORCE
                                : cordon::v1::EndpointStatusEvent::AUDIT);
  status.set_rtp_enabled(history.Chance(0.5));
  status.set_isolated(history.Chance(0.2));
  return true;
}

// ---------------------------------------------------------------------------
// The world, the PSA and the agents.

// A user of the world signs in: refused while disabled, which the history
// cannot know.
bool WorldSignIn(History& history) {
  if (history.identities.empty()) return false;
  ScenarioStep& step = *history.AddStep();
  step.mutable_sign_in()->set_identity(history.PickOf(history.identities));
  step.set_expect_code("OK|FAILED_PRECONDITION");
  return true;
}

bool PsaOutage(History& history) {
  auto& failure = *history.AddStep()->mutable_set_psa_failure();
  failure.set_failure(static_cast<cordon::sim::v1::ScenarioPsaFailure::Failure>(
      history.Between(1, 6)));
  if (history.Chance(0.5)) failure.set_fail_next(history.Between(1, 3));
  return true;
}

bool FixPsa(History& history) {
  history.AddStep()->mutable_fix_psa();
  return true;
}

bool BreakOrFixTenant(History& history) {
  const auto& tenants = history.scenario().world().tenants();
  const std::string& tenant =
      tenants[history.Pick(static_cast<int>(tenants.size()))].alias();
  ScenarioStep& step = *history.AddStep();
  if (history.Chance(0.5)) {
    step.mutable_set_tenant_aadsts()->set_tenant(tenant);
    step.mutable_set_tenant_aadsts()->set_code(
        history.Chance(0.5) ? "AADSTS65001" : "AADSTS700016");
  } else {
    step.set_fix_tenant(tenant);
  }
  return true;
}

// ISO-15: an agent goes offline or comes back; a command comes twice; an
// acknowledgement is lost.
bool AgentTrouble(History& history) {
  std::vector<std::string> with_agent;
  for (const auto& org : history.organizations) {
    if (org.has_agent) with_agent.push_back(org.alias);
  }
  if (with_agent.empty()) return false;
  ScenarioStep& step = *history.AddStep();
  switch (history.Pick(3)) {
    case 0:
      step.mutable_set_agent_offline()->set_tenant(history.PickOf(with_agent));
      step.mutable_set_agent_offline()->set_offline(history.Chance(0.6));
      break;
    case 1:
      step.mutable_agent_duplicate_next();
      break;
    default:
      step.mutable_agent_lose_next_ack();
      break;
  }
  return true;
}

bool QuietOrFaultsOn(History& history) {
  ScenarioStep& step = *history.AddStep();
  if (history.Chance(0.5)) {
    step.mutable_quiet();
  } else {
    step.mutable_faults_on();
  }
  return true;
}

bool SyncCycle(History& history) {
  history.AddStep()->mutable_sync_cycle();
  return true;
}

// ---------------------------------------------------------------------------
// Time, the worker and crashes.

// Mostly minutes, sometimes hours: a history spans about a day or a few.
bool Advance(History& history) {
  const int band = static_cast<int>(history.Weighted({5, 3.5, 1.5}));
  const std::string text = band == 0 ? absl::StrCat(history.Between(1, 10), "m")
                           : band == 1
                               ? absl::StrCat(history.Between(10, 120), "m")
                               : absl::StrCat(history.Between(2, 12), "h");
  history.AddStep()->set_advance(text);
  return true;
}

bool RunWorker(History& history) {
  ScenarioStep& step = *history.AddStep();
  if (history.Chance(0.5)) {
    step.mutable_run_once();
  } else {
    step.mutable_run_until_idle();
  }
  return true;
}

// A crash, sometimes after one worker pass so it lands mid-isolation.
bool Crash(History& history) {
  if (history.Chance(0.5)) history.AddStep()->mutable_run_once();
  history.AddStep()->mutable_crash_and_restart();
  return true;
}

}  // namespace

const std::vector<StepGenerator>& StepGenerators() {
  static const auto* table = new std::vector<StepGenerator>{
      {"send_report", 8, SendReport},
      {"close_report", 5, CloseReport},
      {"isolate_or_release", 4, IsolateOrRelease},
      {"record_sign_in", 4, RecordSignIn},
      {"create_access_rule", 2, CreateAccessRule},
      {"record_endpoint_status", 3, RecordEndpointStatus},
      {"world_sign_in", 3, WorldSignIn},
      {"psa_outage", 2, PsaOutage},
      {"fix_psa", 1, FixPsa},
      {"break_or_fix_tenant", 1, BreakOrFixTenant},
      {"agent_trouble", 2, AgentTrouble},
      {"quiet_or_faults_on", 1, QuietOrFaultsOn},
      {"sync_cycle", 1, SyncCycle},
      {"advance", 10, Advance},
      {"run_worker", 3, RunWorker},
      {"crash", 3, Crash},
  };
  return *table;
}

void GenerateSteps(int count, History& history) {
  const std::vector<StepGenerator>& table = StepGenerators();
  std::vector<double> weights;
  for (const StepGenerator& generator : table) {
    weights.push_back(generator.weight);
  }
  // Bounded: a generator that never applies cannot loop forever.
  for (int emitted = 0, tries = 0; emitted < count && tries < count * 20;
       ++tries) {
    if (table[history.Weighted(weights)].emit(history)) ++emitted;
  }
}

}  // namespace cordon::sim::swarm
