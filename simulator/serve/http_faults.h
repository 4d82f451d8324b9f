#ifndef CORDON_SIMULATOR_SERVE_HTTP_FAULTS_H_
#define CORDON_SIMULATOR_SERVE_HTTP_FAULTS_H_

// The served simulator's faults on the wire, after Microsoft's Dev Proxy
// (GraphRandomErrorPlugin, RetryAfterPlugin, RateLimitingPlugin, LatencyPlugin
// and a mock answer for the n-th matching request). The in-process FaultPlan
// decides GraphCallOutcomes per port call; these knobs decide HTTP answers
// per request, which is what a real client over HTTPS must survive. The
// tenant's AADSTS error on the token endpoint is FaultPlan's
// TokenErrorOutcome, shared by both.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/ports/clock.h"
#include "simulator/random.h"

namespace cordon::sim::serve {

// A canned answer for the n-th request (counted from 1) whose method and
// whole path (no query) match.
struct ScriptedAnswer {
  std::string method;      // "GET", "POST", "PATCH"
  std::string path_regex;  // ECMAScript, matched against the whole path
  int nth = 1;
  int status = 500;
  std::string body;              // "" = a Graph error body for the status
  int retry_after_seconds = -1;  // < 0 = no Retry-After header
};

struct HttpFaultConfig {
  // Probability in [0, 1] that a Graph request fails with a status drawn
  // from its method's pool (Dev Proxy's "rate").
  double failure_rate = 0;
  // Method -> statuses to draw from. A method without an entry uses Dev
  // Proxy's pool for Graph: 429, 500, 502, 503, 504, and 507 for writes.
  std::map<std::string, std::vector<int>> status_pools;
  // Retry-After of injected 429 and 503, whole seconds.
  int retry_after_seconds = 5;
  // A request that comes before the Retry-After of a 429 given for its
  // throttling scope ran out gets another 429 (RetryAfterPlugin).
  bool punish_early_retry = false;
  // Per tenant: at most this many Graph requests per window; 0 = no limit.
  // Answers carry RateLimit-Limit/-Remaining/-Reset, and a refused request
  // gets 429 with Retry-After up to the window's end.
  int64_t rate_limit_requests = 0;
  absl::Duration rate_limit_window = absl::Minutes(1);
  // Real time added to every non-admin answer, drawn uniformly.
  absl::Duration latency_min = absl::ZeroDuration();
  absl::Duration latency_max = absl::ZeroDuration();
  // Tenant id -> "AADSTS65001": the token endpoint refuses
  // the tenant with that code (ISO-11).
  std::map<std::string, std::string> tenant_aadsts;
  std::vector<ScriptedAnswer> scripted;
};

// Statuses in [100, 599], AADSTS codes as IsAadstsCode, rate in [0, 1], latency
// 0 <= min <= max, regexes that compile, nth >= 1, a positive window.
absl::Status ValidateHttpFaults(const HttpFaultConfig& config);

// One injected answer.
struct HttpFault {
  int status = 500;
  std::string body;  // "" = a Graph error body for the status
  absl::optional<int> retry_after_seconds;
  // Which knob: "scripted", "early_retry", "rate_limit", "failure_rate".
  std::string source;
};

// What a request is, for the decisions.
struct FaultRequest {
  std::string method;
  std::string path;
  std::string tenant_id;  // "" when unknown
  // The throttling scope a 429 holds back: "directory" or the mailbox.
  std::string throttle_scope;
  bool is_graph = false;  // failure rate, rate limit and Retry-After
};

// Decides each request's fault. Thread-safe; randomness from the run's
// Random, so the same seed and request order give the same faults. A knob
// at zero draws nothing.
class HttpFaults {
 public:
  // `random` and `clock` must outlive this; `config` must be valid.
  HttpFaults(HttpFaultConfig config, Random* random, const ports::Clock* clock);

  // Checked in order: scripted answer, early retry, rate limit, failure
  // rate. nullopt = serve the request.
  absl::optional<HttpFault> Decide(const FaultRequest& request);
  // RateLimit-* headers for a Graph answer of `tenant_id`; none without a
  // rate limit.
  std::vector<std::pair<std::string, std::string>> RateLimitHeaders(
      const std::string& tenant_id);
  // The latency to add to one answer (a draw only when max > 0).
  absl::Duration DrawLatency();
  // "" or the tenant's AADSTS code.
  std::string TenantAadsts(const std::string& tenant_id);
  void SetTenantAadsts(const std::string& tenant_id, const std::string& code);
  // Replaces the knobs; scripted answers count from zero again.
  void Reconfigure(HttpFaultConfig config);

 private:
  struct Window {
    absl::Time start;
    int64_t requests = 0;
  };
  absl::optional<HttpFault> Scripted(const FaultRequest& request)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::optional<HttpFault> EarlyRetry(const FaultRequest& request,
                                       absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::optional<HttpFault> RateLimited(const FaultRequest& request,
                                        absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::optional<HttpFault> RandomFailure(const FaultRequest& request)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  Window& WindowFor(const std::string& tenant_id, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RememberThrottle(const FaultRequest& request, const HttpFault& fault,
                        absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Random* const random_;
  const ports::Clock* const clock_;
  std::mutex mu_;
  HttpFaultConfig config_ ABSL_GUARDED_BY(mu_);
  std::vector<std::regex> scripted_patterns_ ABSL_GUARDED_BY(mu_);
  std::vector<int> scripted_seen_ ABSL_GUARDED_BY(mu_);
  // "tenant|scope" -> when its Retry-After runs out.
  std::map<std::string, absl::Time> throttled_until_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Window> windows_ ABSL_GUARDED_BY(mu_);
};

// "AADSTS" followed by digits, or digits alone.
bool IsAadstsCode(absl::string_view code);

// Dev Proxy's Graph pool for `method`.
std::vector<int> DefaultStatusPool(const std::string& method);

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_HTTP_FAULTS_H_
