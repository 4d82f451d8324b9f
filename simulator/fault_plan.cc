#include "simulator/fault_plan.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/core/check.h"
#include "server/core/isolation/graph_error.h"

namespace cordon::sim {
namespace {

std::string TenantKey(absl::string_view tenant_id) {
  return absl::AsciiStrToLower(tenant_id);
}

bool IsProbability(double p) { return p >= 0 && p <= 1; }

std::string AadstsWithPrefix(absl::string_view code) {
  code = absl::StripAsciiWhitespace(code);
  if (absl::StartsWithIgnoreCase(code, "AADSTS")) code.remove_prefix(6);
  return absl::StrCat("AADSTS", code);
}

bool UsesRandom(const FaultPlanConfig& config) {
  if (config.buggify.enabled) return true;
  for (const OperationFaults& faults : config.operations) {
    if (faults.error_rate > 0) return true;
  }
  return false;
}

bool UsesClock(const FaultPlanConfig& config) {
  if (config.calls_per_minute > 0) return true;
  for (const auto& [tenant, budget] : config.tenant_calls_per_minute) {
    if (budget > 0) return true;
  }
  return false;
}

bool IsBuggifyEligible(const BuggifyConfig& buggify, FaultKind kind) {
  return kind != FaultKind::kPermanent || buggify.include_permanent;
}

}  // namespace

absl::string_view OperationName(Operation operation) {
  switch (operation) {
    case Operation::kRevokeSignInSessions:
      return "revoke_sign_in_sessions";
    case Operation::kSetAccountEnabled:
      return "set_account_enabled";
    case Operation::kListInboxRules:
      return "list_inbox_rules";
    case Operation::kSetInboxRuleEnabled:
      return "set_inbox_rule_enabled";
    case Operation::kGetUser:
      return "get_user";
    case Operation::kListTenantDomains:
      return "list_tenant_domains";
    case Operation::kAgentSetAccountEnabled:
      return "agent_set_account_enabled";
    case Operation::kReadUsersDelta:
      return "read_users_delta";
  }
  return "unknown_operation";
}

bool IsGraphOperation(Operation operation) {
  return operation != Operation::kAgentSetAccountEnabled;
}

absl::string_view FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kThrottled:
      return "throttled";
    case FaultKind::kUnavailable:
      return "unavailable";
    case FaultKind::kConcurrencyViolation:
      return "concurrency_violation";
    case FaultKind::kInternalError:
      return "internal_error";
    case FaultKind::kTimeout:
      return "timeout";
    case FaultKind::kTimeoutAfterEffect:
      return "timeout_after_effect";
    case FaultKind::kPermanent:
      return "permanent";
  }
  return "unknown_fault";
}

double ErrorMix::Weight(FaultKind kind) const {
  switch (kind) {
    case FaultKind::kThrottled:
      return throttled;
    case FaultKind::kUnavailable:
      return unavailable;
    case FaultKind::kConcurrencyViolation:
      return concurrency_violation;
    case FaultKind::kInternalError:
      return internal_error;
    case FaultKind::kTimeout:
      return timeout;
    case FaultKind::kTimeoutAfterEffect:
      return timeout_after_effect;
    case FaultKind::kPermanent:
      return permanent;
  }
  return 0;
}

ErrorMix ErrorMix::Only(FaultKind kind) {
  ErrorMix mix{0, 0, 0, 0, 0, 0, 0};
  switch (kind) {
    case FaultKind::kThrottled:
      mix.throttled = 1;
      break;
    case FaultKind::kUnavailable:
      mix.unavailable = 1;
      break;
    case FaultKind::kConcurrencyViolation:
      mix.concurrency_violation = 1;
      break;
    case FaultKind::kInternalError:
      mix.internal_error = 1;
      break;
    case FaultKind::kTimeout:
      mix.timeout = 1;
      break;
    case FaultKind::kTimeoutAfterEffect:
      mix.timeout_after_effect = 1;
      break;
    case FaultKind::kPermanent:
      mix.permanent = 1;
      break;
  }
  return mix;
}

OperationFaults& FaultPlanConfig::For(Operation operation) {
  return operations[static_cast<size_t>(operation)];
}

const OperationFaults& FaultPlanConfig::For(Operation operation) const {
  return operations[static_cast<size_t>(operation)];
}

void FaultPlanConfig::SetAll(const OperationFaults& faults) {
  operations.fill(faults);
}

core::GraphCallOutcome TokenErrorOutcome(absl::string_view aadsts_code) {
  core::GraphCallOutcome outcome;
  outcome.aadsts_code = AadstsWithPrefix(aadsts_code);
  const absl::string_view number =
      absl::string_view(outcome.aadsts_code).substr(6);
  // The OAuth 2.0 error the v2.0 token endpoint pairs with each code.
  // 700027 / 700024: the certificate's assertion does not verify or is out
  // of its time range; 7000218: neither a secret nor an assertion was sent.
  if (number == "7000215" || number == "7000222" || number == "700027" ||
      number == "700024" || number == "7000218") {
    outcome.http_status = 401;
    outcome.error_code = "invalid_client";
  } else if (number == "700016" || number == "7000112") {
    outcome.http_status = 400;
    outcome.error_code = "unauthorized_client";
  } else if (number == "65001") {
    outcome.http_status = 400;
    outcome.error_code = "invalid_grant";
  } else {
    outcome.http_status = 400;
    outcome.error_code = "invalid_request";
  }
  return outcome;
}

absl::Status FaultPlan::Validate(const FaultPlanConfig& config) {
  for (Operation operation : kAllOperations) {
    const OperationFaults& faults = config.For(operation);
    const std::string name(OperationName(operation));
    if (!IsProbability(faults.error_rate)) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": error_rate must be in [0, 1]"));
    }
    double total = 0;
    for (FaultKind kind : kAllFaultKinds) {
      const double weight = faults.mix.Weight(kind);
      if (!(weight >= 0) || std::isinf(weight)) {
        return absl::InvalidArgumentError(absl::StrCat(
            name, ": weight of ", FaultKindName(kind), " must be >= 0"));
      }
      total += weight;
    }
    if (faults.error_rate > 0 && !(total > 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": an error rate needs a positive weight"));
    }
  }
  if (config.retry_after_min < absl::ZeroDuration() ||
      config.retry_after_min > config.retry_after_max) {
    return absl::InvalidArgumentError(
        "need 0 <= retry_after_min <= retry_after_max");
  }
  if (config.calls_per_minute < 0) {
    return absl::InvalidArgumentError("calls_per_minute must be >= 0");
  }
  for (const auto& [tenant, budget] : config.tenant_calls_per_minute) {
    if (budget < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("tenant ", tenant, ": calls_per_minute must be >= 0"));
    }
  }
  if (config.buggify.enabled && (!IsProbability(config.buggify.p_site) ||
                                 !IsProbability(config.buggify.p_fire))) {
    return absl::InvalidArgumentError(
        "BUGGIFY p_site, p_fire must be in [0, 1]");
  }
  return absl::OkStatus();
}

FaultPlan::FaultPlan(FaultPlanConfig config, Random* random,
                     const ports::Clock* clock)
    : config_(std::move(config)), random_(random), clock_(clock) {
  const absl::Status valid = Validate(config_);
  CORDON_CHECK(valid.ok(), valid.ToString().c_str());
  CORDON_CHECK(random_ != nullptr || !UsesRandom(config_),
               "error rates and BUGGIFY need the run's Random");
  CORDON_CHECK(clock_ != nullptr || !UsesClock(config_),
               "a throttling budget needs the simulated Clock");
  if (config_.buggify.enabled) {
    // Fixed order of draws: operation by operation, kind by kind, so the set
    // of sites is a function of the seed alone.
    for (Operation operation : kAllOperations) {
      for (FaultKind kind : kAllFaultKinds) {
        if (!IsBuggifyEligible(config_.buggify, kind)) continue;
        sites_[static_cast<size_t>(operation)][static_cast<size_t>(kind)] =
            random_->Bernoulli(config_.buggify.p_site);
      }
    }
    // Drawn whether compiled in or not, so that a seed's world sites and
    // everything after them do not depend on the build.
    for (size_t site = 0;
         config_.buggify.server_sites && site < server_sites_.size(); ++site) {
      server_sites_[site] = random_->Bernoulli(config_.buggify.p_site) &&
                            core::BuggifyCompiledIn();
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [tenant, code] : config_.tenant_aadsts) {
    if (!code.empty()) tenant_aadsts_[TenantKey(tenant)] = code;
  }
}

FaultPlan FaultPlan::None() {
  return FaultPlan(FaultPlanConfig{}, nullptr, nullptr);
}

void FaultPlan::SetQuiet(bool quiet) {
  std::lock_guard<std::mutex> lock(mu_);
  quiet_ = quiet;
}

void FaultPlan::SetTenantAadsts(absl::string_view tenant_id,
                                absl::string_view aadsts_code) {
  std::lock_guard<std::mutex> lock(mu_);
  if (aadsts_code.empty()) {
    tenant_aadsts_.erase(TenantKey(tenant_id));
  } else {
    tenant_aadsts_[TenantKey(tenant_id)] = std::string(aadsts_code);
  }
}

std::vector<std::string> FaultPlan::EnabledBuggifySites() const {
  std::vector<std::string> sites;
  for (Operation operation : kAllOperations) {
    for (FaultKind kind : kAllFaultKinds) {
      if (sites_[static_cast<size_t>(operation)][static_cast<size_t>(kind)]) {
        sites.push_back(
            absl::StrCat(OperationName(operation), ".", FaultKindName(kind)));
      }
    }
  }
  for (core::BuggifySite site : core::kAllBuggifySites) {
    if (server_sites_[static_cast<size_t>(site)]) {
      sites.push_back(absl::StrCat("server.", core::BuggifySiteName(site)));
    }
  }
  return sites;
}

bool FaultPlan::HasServerSites() const {
  for (bool on : server_sites_) {
    if (on) return true;
  }
  return false;
}

bool FaultPlan::FiresServerSite(core::BuggifySite site) {
  if (!server_sites_[static_cast<size_t>(site)]) return false;
  std::lock_guard<std::mutex> lock(mu_);
  return !quiet_ && random_->Bernoulli(config_.buggify.p_fire);
}

int64_t FaultPlan::BudgetFor(absl::string_view tenant_id) const {
  for (const auto& [tenant, budget] : config_.tenant_calls_per_minute) {
    if (absl::EqualsIgnoreCase(tenant, tenant_id)) return budget;
  }
  return config_.calls_per_minute;
}

core::GraphCallOutcome FaultPlan::OutcomeFor(FaultKind kind) {
  core::GraphCallOutcome outcome;
  switch (kind) {
    case FaultKind::kThrottled:
    case FaultKind::kUnavailable: {
      outcome.http_status = kind == FaultKind::kThrottled ? 429 : 503;
      outcome.error_code = kind == FaultKind::kThrottled
                               ? "activityLimitReached"
                               : "serviceNotAvailable";
      // Whole seconds, as the Retry-After header carries them.
      const int64_t seconds =
          random_->UniformInt(absl::ToInt64Seconds(config_.retry_after_min),
                              absl::ToInt64Seconds(config_.retry_after_max));
      outcome.retry_after = absl::Seconds(seconds);
      break;
    }
    case FaultKind::kConcurrencyViolation:
      outcome.http_status = 409;
      outcome.error_code = "Directory_ConcurrencyViolation";
      break;
    case FaultKind::kInternalError:
      outcome.http_status = 500;
      outcome.error_code = "generalException";
      break;
    case FaultKind::kTimeout:
    case FaultKind::kTimeoutAfterEffect:
      outcome.http_status = 0;
      outcome.timed_out = true;
      break;
    case FaultKind::kPermanent:
      outcome.http_status = 403;
      outcome.error_code = "Authorization_RequestDenied";
      break;
  }
  return outcome;
}

absl::optional<InjectedFault> FaultPlan::DrawRandomFault(Operation operation) {
  if (quiet_) return absl::nullopt;
  const size_t op = static_cast<size_t>(operation);
  const OperationFaults& faults = config_.operations[op];
  if (faults.error_rate > 0 && random_->Bernoulli(faults.error_rate)) {
    std::vector<double> weights;
    weights.reserve(kFaultKindCount);
    for (FaultKind kind : kAllFaultKinds) {
      weights.push_back(faults.mix.Weight(kind));
    }
    return InjectedFault{kAllFaultKinds[random_->WeightedIndex(weights)],
                         "error_rate"};
  }
  if (config_.buggify.enabled) {
    for (FaultKind kind : kAllFaultKinds) {
      if (!sites_[op][static_cast<size_t>(kind)]) continue;
      if (random_->Bernoulli(config_.buggify.p_fire)) {
        return InjectedFault{kind, "buggify"};
      }
    }
  }
  return absl::nullopt;
}

absl::optional<GraphFault> FaultPlan::DecideGraphCall(
    Operation operation, absl::string_view tenant_id) {
  CORDON_CHECK(IsGraphOperation(operation), "not a Graph operation");
  const std::string tenant = TenantKey(tenant_id);
  std::lock_guard<std::mutex> lock(mu_);

  // 1. No token, no call: the token endpoint refuses before Graph is reached.
  if (auto it = tenant_aadsts_.find(tenant); it != tenant_aadsts_.end()) {
    GraphFault fault;
    fault.kind = FaultKind::kPermanent;
    fault.source = "aadsts";
    fault.outcome = TokenErrorOutcome(it->second);
    return fault;
  }

  // 2. The tenant's budget for the current simulated minute.
  if (const int64_t budget = BudgetFor(tenant); budget > 0) {
    const absl::Time now = clock_->Now();
    const int64_t seconds = absl::ToUnixSeconds(now);  // rounds down
    const int64_t minute = seconds >= 0 ? seconds / 60 : (seconds - 59) / 60;
    ThrottleWindow& window = windows_[tenant];
    if (window.minute != minute) window = ThrottleWindow{minute, 0};
    if (window.calls >= budget) {
      GraphFault fault;
      fault.kind = FaultKind::kThrottled;
      fault.source = "throttle";
      fault.outcome.http_status = 429;
      fault.outcome.error_code = "activityLimitReached";
      const absl::Time next_minute = absl::FromUnixSeconds((minute + 1) * 60);
      fault.outcome.retry_after = std::max(
          absl::Seconds(1), absl::Ceil(next_minute - now, absl::Seconds(1)));
      return fault;
    }
    ++window.calls;
  }

  // 3 and 4. Noise.
  auto drawn = DrawRandomFault(operation);
  if (!drawn.has_value()) return absl::nullopt;
  GraphFault fault;
  fault.kind = drawn->kind;
  fault.source = std::move(drawn->source);
  fault.outcome = OutcomeFor(fault.kind);
  return fault;
}

absl::optional<InjectedFault> FaultPlan::DecideAgentCall() {
  std::lock_guard<std::mutex> lock(mu_);
  return DrawRandomFault(Operation::kAgentSetAccountEnabled);
}

}  // namespace cordon::sim
