#ifndef CORDON_SIMULATOR_FAULT_PLAN_H_
#define CORDON_SIMULATOR_FAULT_PLAN_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/core/buggify.h"
#include "server/core/isolation/graph_error.h"
#include "server/ports/clock.h"
#include "simulator/random.h"

namespace cordon::sim {

// The calls of the outside world that can be made to fail (ISO-3, ISO-9).
enum class Operation {
  kRevokeSignInSessions,
  kSetAccountEnabled,
  kListInboxRules,
  kSetInboxRuleEnabled,
  kGetUser,
  kListTenantDomains,
  kAgentSetAccountEnabled,  // the on-prem agent, not Graph
  // GET /users/delta (ISO-12). Last, so BUGGIFY's draws for the others stay
  // what they were for a seed.
  kReadUsersDelta,
};
inline constexpr size_t kOperationCount = 8;
inline constexpr std::array<Operation, kOperationCount> kAllOperations = {
    Operation::kRevokeSignInSessions,
    Operation::kSetAccountEnabled,
    Operation::kListInboxRules,
    Operation::kSetInboxRuleEnabled,
    Operation::kGetUser,
    Operation::kListTenantDomains,
    Operation::kAgentSetAccountEnabled,
    Operation::kReadUsersDelta,
};
// snake_case, stable: written into the event log ("revoke_sign_in_sessions").
absl::string_view OperationName(Operation operation);
bool IsGraphOperation(Operation operation);

// What an injected fault looks like on the wire (Microsoft Graph's documented
// failure modes, see DOMAIN "The outside world").
enum class FaultKind {
  kThrottled,             // 429 activityLimitReached + Retry-After
  kUnavailable,           // 503 serviceNotAvailable + Retry-After
  kConcurrencyViolation,  // 409 Directory_ConcurrencyViolation
  kInternalError,         // 500 generalException
  kTimeout,               // no answer; the request never reached Graph
  // No answer, but the request reached Graph and took effect before the
  // answer was lost: only idempotent retries survive this (DESIGN rule 1).
  kTimeoutAfterEffect,
  // 403 Authorization_RequestDenied: no retry helps (ISO-11 "cannot
  // succeed"). The agent reports it as kPermanent.
  kPermanent,
};
inline constexpr size_t kFaultKindCount = 7;
inline constexpr std::array<FaultKind, kFaultKindCount> kAllFaultKinds = {
    FaultKind::kThrottled,
    FaultKind::kUnavailable,
    FaultKind::kConcurrencyViolation,
    FaultKind::kInternalError,
    FaultKind::kTimeout,
    FaultKind::kTimeoutAfterEffect,
    FaultKind::kPermanent,
};
// snake_case, stable: "throttled", "timeout_after_effect", ...
absl::string_view FaultKindName(FaultKind kind);

// Relative weights of the fault kinds when an operation's error rate hits
// (Dev Proxy's "which errors"). Only the ratios matter. By default the
// transient kinds share equally; the two kinds that change what a run can
// prove (lost answers after the effect, permanent failures) are opt-in.
struct ErrorMix {
  double throttled = 1;
  double unavailable = 1;
  double concurrency_violation = 1;
  double internal_error = 1;
  double timeout = 1;
  double timeout_after_effect = 0;
  double permanent = 0;

  double Weight(FaultKind kind) const;
  // A mix in which only `kind` ever happens.
  static ErrorMix Only(FaultKind kind);
};

// Dev Proxy's knobs for one operation.
struct OperationFaults {
  // Probability in [0, 1] that one call fails with an injected fault.
  double error_rate = 0;
  ErrorMix mix;
};

// FoundationDB's BUGGIFY: at construction each fault site — one (operation,
// fault kind) pair — is switched on for the whole run with probability
// p_site; on every call, each switched-on site of the operation fires with
// probability p_fire. Different seeds thus explore different combinations
// of failing calls, which a fixed error rate spread over every call does not.
// The defaults are FoundationDB's (25% / 25%).
struct BuggifyConfig {
  bool enabled = false;
  double p_site = 0.25;
  double p_fire = 0.25;
  // Permanent faults end an action for good; a run that switches them on
  // mostly tests that path, so they are opt-in.
  bool include_permanent = false;
  // Lost answers after the effect are always eligible: they are what makes
  // idempotency matter.

  // Also the server's own sites (server/core/buggify.h: delayed wake-ups,
  // split passes, spurious retries, slow commits), drawn after the world's
  // so that switching them on leaves the world's sites of a seed alone.
  bool server_sites = false;
};

struct FaultPlanConfig {
  // Indexed by Operation; see For().
  std::array<OperationFaults, kOperationCount> operations{};
  // Retry-After of injected 429 and 503, in whole seconds as Graph sends it.
  absl::Duration retry_after_min = absl::Seconds(1);
  absl::Duration retry_after_max = absl::Seconds(30);

  // Graph throttling: at most this many Graph calls per tenant per simulated
  // minute (aligned to the minute of the Clock); further calls get 429 with a
  // Retry-After up to the next minute. 0 = no limit. Per-tenant entries
  // override the default. Calls refused by throttling or by an AADSTS error
  // do not count.
  int64_t calls_per_minute = 0;
  std::map<std::string, int64_t> tenant_calls_per_minute;

  // Tenants whose token requests fail (tenant id -> "AADSTS65001"): every
  // Graph call for the tenant fails with the token endpoint's error, and no
  // retry fixes it (ISO-11, ESC-2 INTEGRATION_M365_INACCESSIBLE).
  std::map<std::string, std::string> tenant_aadsts;

  BuggifyConfig buggify;

  OperationFaults& For(Operation operation);
  const OperationFaults& For(Operation operation) const;
  // Sets the same knobs for every operation (Graph and agent).
  void SetAll(const OperationFaults& faults);
};

// What the token endpoint answers for `aadsts_code` ("AADSTS65001" or
// "65001"): 401 invalid_client for bad or expired secrets (7000215, 7000222),
// an assertion that does not verify or is out of its time range (700027,
// 700024) or no credential at all (7000218); else 400 with the OAuth error
// (unauthorized_client for 700016 and 7000112, invalid_grant for 65001,
// else invalid_request); aadsts_code is always "AADSTS<digits>".
core::GraphCallOutcome TokenErrorOutcome(absl::string_view aadsts_code);

// A fault drawn for one call, and why: "error_rate" (the operation's Dev
// Proxy rate) or "buggify" (a switched-on BUGGIFY site).
struct InjectedFault {
  FaultKind kind = FaultKind::kTimeout;
  std::string source;
};

// A Graph call refused before or after its effect.
struct GraphFault {
  FaultKind kind = FaultKind::kTimeout;
  // Why it happened, for the event log: "error_rate", "buggify", "throttle",
  // "aadsts".
  std::string source;
  core::GraphCallOutcome outcome;
  // Only kTimeoutAfterEffect: apply the effect, then answer `outcome`.
  bool after_effect() const { return kind == FaultKind::kTimeoutAfterEffect; }
};

// The faults of one simulated run: decides for each call of the simulated
// Graph and agent whether it fails, and how. All randomness comes from the
// run's Random (DESIGN rule 3); a knob at zero draws nothing, so a clean run
// leaves the generator to the scenario. Thread-safe.
//
// Order of checks for a Graph call (the first that applies wins):
//   1. the tenant's AADSTS error (the token request fails; no draw),
//   2. the tenant's throttling budget (no draw),
//   3. the operation's error rate, then the weighted pick of the kind,
//   4. each switched-on BUGGIFY site of the operation, in FaultKind order.
// Agent calls go through 3 and 4 only: the agent has no token or budget.
class FaultPlan {
 public:
  // `random` may be null only when `config` injects nothing random (no error
  // rate, no BUGGIFY); `clock` only when there is no throttling budget. Both
  // must outlive the plan. Aborts on an invalid config (see Validate): a run
  // set up wrongly proves nothing.
  FaultPlan(FaultPlanConfig config, Random* random, const ports::Clock* clock);

  FaultPlan(const FaultPlan&) = delete;
  FaultPlan& operator=(const FaultPlan&) = delete;

  // A plan that never fails anything, for clean runs. The plan cannot be
  // moved (it owns a mutex): `FaultPlan plan = FaultPlan::None();` works by
  // guaranteed copy elision; on the heap, use
  // `std::make_unique<FaultPlan>(FaultPlanConfig{}, nullptr, nullptr)`.
  static FaultPlan None();

  // Rates in [0, 1], weights >= 0 with a positive total where a rate is
  // positive, 0 <= retry_after_min <= retry_after_max, budgets >= 0.
  static absl::Status Validate(const FaultPlanConfig& config);

  // The fault for this Graph call, or none (nullopt = go ahead). Tenant ids
  // are compared case-insensitively (they are GUIDs).
  absl::optional<GraphFault> DecideGraphCall(Operation operation,
                                             absl::string_view tenant_id);
  // The fault for this agent call, or none.
  absl::optional<InjectedFault> DecideAgentCall();

  // The quiet period at the end of a run (DESIGN rule 3): while quiet, no
  // random fault fires, so everything must converge. AADSTS errors and
  // throttling stay: they are the world's state, not noise.
  void SetQuiet(bool quiet);
  // An admin fixes (or breaks) a tenant's consent during a run (ESC-2).
  // An empty code clears the error.
  void SetTenantAadsts(absl::string_view tenant_id,
                       absl::string_view aadsts_code);

  // The BUGGIFY sites switched on for this run, as "operation.fault_kind"
  // (e.g. "get_user.timeout"), in a stable order: print them with the seed.
  std::vector<std::string> EnabledBuggifySites() const;

  // The server's BUGGIFY sites: whether any is switched on for this run
  // (and compiled in), and whether `site` fires now (never while quiet).
  bool HasServerSites() const;
  bool FiresServerSite(core::BuggifySite site);

 private:
  // Draws from the error rate and the BUGGIFY sites; nullopt = no fault.
  absl::optional<InjectedFault> DrawRandomFault(Operation operation)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Draws the Retry-After of 429 and 503.
  core::GraphCallOutcome OutcomeFor(FaultKind kind)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  int64_t BudgetFor(absl::string_view tenant_id) const;

  const FaultPlanConfig config_;
  Random* const random_;
  const ports::Clock* const clock_;
  // [operation][kind]: the BUGGIFY site is on for this run. Fixed at
  // construction.
  std::array<std::array<bool, kFaultKindCount>, kOperationCount> sites_{};
  // [site]: the server's BUGGIFY site is on for this run. Fixed at
  // construction.
  std::array<bool, core::kAllBuggifySites.size()> server_sites_{};

  struct ThrottleWindow {
    int64_t minute = 0;  // minutes since the Unix epoch
    int64_t calls = 0;
  };
  mutable std::mutex mu_;
  bool quiet_ ABSL_GUARDED_BY(mu_) = false;
  std::map<std::string, std::string> tenant_aadsts_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, ThrottleWindow> windows_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_FAULT_PLAN_H_
