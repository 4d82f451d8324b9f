#include "simulator/serve/http_faults.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "simulator/fault_plan.h"

namespace cordon::sim::serve {
namespace {

int CeilSeconds(absl::Duration wait) {
  return static_cast<int>(std::ceil(absl::ToDoubleSeconds(wait)));
}

bool IsWrite(const std::string& method) {
  return method == "POST" || method == "PATCH" || method == "PUT" ||
         method == "DELETE";
}

std::string ThrottleKey(const FaultRequest& request) {
  return absl::StrCat(request.tenant_id, "|", request.throttle_scope);
}

absl::Status CheckStatus(int status, absl::string_view what) {
  if (status < 100 || status > 599) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": status ", status, " is not in [100, 599]"));
  }
  return absl::OkStatus();
}

absl::Status ValidateScripted(const ScriptedAnswer& answer) {
  if (answer.nth < 1) {
    return absl::InvalidArgumentError("scripted: nth must be at least 1");
  }
  if (absl::Status s = CheckStatus(answer.status, "scripted"); !s.ok()) {
    return s;
  }
  try {
    std::regex compiled(answer.path_regex);
  } catch (const std::regex_error&) {
    return absl::InvalidArgumentError(absl::StrCat(
        "scripted: path_regex \"", answer.path_regex, "\" does not compile"));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsAadstsCode(absl::string_view code) {
  absl::ConsumePrefix(&code, "AADSTS");
  return !code.empty() &&
         code.find_first_not_of("0123456789") == absl::string_view::npos;
}

std::vector<int> DefaultStatusPool(const std::string& method) {
  std::vector<int> pool = {429, 500, 502, 503, 504};
  if (IsWrite(method)) pool.push_back(507);  // Insufficient Storage
  return pool;
}

absl::Status ValidateHttpFaults(const HttpFaultConfig& config) {
  if (!(config.failure_rate >= 0 && config.failure_rate <= 1)) {
    return absl::InvalidArgumentError("failure_rate must be in [0, 1]");
  }
  for (const auto& [method, pool] : config.status_pools) {
    if (pool.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("status_pools: ", method, " has no status"));
    }
    for (int status : pool) {
      if (absl::Status s = CheckStatus(status, "status_pools"); !s.ok()) {
        return s;
      }
    }
  }
  if (config.retry_after_seconds < 0) {
    return absl::InvalidArgumentError("retry_after_seconds must be >= 0");
  }
  if (config.rate_limit_requests < 0 ||
      config.rate_limit_window <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "rate limit: requests must be >= 0 and the window positive");
  }
  if (config.latency_min < absl::ZeroDuration() ||
      config.latency_max < config.latency_min) {
    return absl::InvalidArgumentError(
        "latency: need 0 <= latency_min <= latency_max");
  }
  for (const ScriptedAnswer& answer : config.scripted) {
    if (absl::Status s = ValidateScripted(answer); !s.ok()) return s;
  }
  for (const auto& [tenant, code] : config.tenant_aadsts) {
    if (!IsAadstsCode(code)) {
      return absl::InvalidArgumentError(
          absl::StrCat("tenant_aadsts: \"", code, "\" is not an AADSTS code"));
    }
  }
  return absl::OkStatus();
}

HttpFaults::HttpFaults(HttpFaultConfig config, Random* random,
                       const ports::Clock* clock)
    : random_(random), clock_(clock) {
  Reconfigure(std::move(config));
}

void HttpFaults::Reconfigure(HttpFaultConfig config) {
  std::lock_guard<std::mutex> lock(mu_);
  config_ = std::move(config);
  std::map<std::string, std::string> aadsts;
  for (const auto& [tenant, code] : config_.tenant_aadsts) {
    aadsts[absl::AsciiStrToLower(tenant)] = code;
  }
  config_.tenant_aadsts = std::move(aadsts);
  scripted_patterns_.clear();
  for (const ScriptedAnswer& answer : config_.scripted) {
    scripted_patterns_.emplace_back(answer.path_regex);
  }
  scripted_seen_.assign(config_.scripted.size(), 0);
}

absl::optional<HttpFault> HttpFaults::Decide(const FaultRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  const absl::Time now = clock_->Now();
  absl::optional<HttpFault> fault = Scripted(request);
  if (!fault.has_value() && request.is_graph) {
    fault = EarlyRetry(request, now);
    if (!fault.has_value()) fault = RateLimited(request, now);
    if (!fault.has_value()) fault = RandomFailure(request);
  }
  if (fault.has_value() && request.is_graph) {
    RememberThrottle(request, *fault, now);
  }
  return fault;
}

absl::optional<HttpFault> HttpFaults::Scripted(const FaultRequest& request) {
  // Every matching rule counts the request, so two scripts on one path
  // keep their own n-th.
  absl::optional<HttpFault> fault;
  for (size_t i = 0; i < config_.scripted.size(); ++i) {
    const ScriptedAnswer& answer = config_.scripted[i];
    if (answer.method != request.method ||
        !std::regex_match(request.path, scripted_patterns_[i])) {
      continue;
    }
    if (++scripted_seen_[i] != answer.nth || fault.has_value()) continue;
    fault = HttpFault{answer.status, answer.body, absl::nullopt, "scripted"};
    if (answer.retry_after_seconds >= 0) {
      fault->retry_after_seconds = answer.retry_after_seconds;
    }
  }
  return fault;
}

absl::optional<HttpFault> HttpFaults::EarlyRetry(const FaultRequest& request,
                                                 absl::Time now) {
  if (!config_.punish_early_retry) return absl::nullopt;
  auto it = throttled_until_.find(ThrottleKey(request));
  if (it == throttled_until_.end() || now >= it->second) return absl::nullopt;
  // The Retry-After still to wait; the original deadline stays.
  return HttpFault{429, "", CeilSeconds(it->second - now), "early_retry"};
}

HttpFaults::Window& HttpFaults::WindowFor(const std::string& tenant_id,
                                          absl::Time now) {
  Window& window = windows_[tenant_id];
  if (window.requests == 0 || now >= window.start + config_.rate_limit_window) {
    window = Window{now, 0};
  }
  return window;
}

absl::optional<HttpFault> HttpFaults::RateLimited(const FaultRequest& request,
                                                  absl::Time now) {
  if (config_.rate_limit_requests <= 0) return absl::nullopt;
  Window& window = WindowFor(request.tenant_id, now);
  if (window.requests < config_.rate_limit_requests) {
    ++window.requests;
    return absl::nullopt;
  }
  const absl::Duration left = window.start + config_.rate_limit_window - now;
  return HttpFault{429, "", CeilSeconds(left), "rate_limit"};
}

absl::optional<HttpFault> HttpFaults::RandomFailure(
    const FaultRequest& request) {
  if (config_.failure_rate <= 0 || !random_->Bernoulli(config_.failure_rate)) {
    return absl::nullopt;
  }
  auto it = config_.status_pools.find(request.method);
  const std::vector<int> pool = it != config_.status_pools.end()
                                    ? it->second
                                    : DefaultStatusPool(request.method);
  const int status = pool[random_->UniformInt(0, pool.size() - 1)];
  HttpFault fault{status, "", absl::nullopt, "failure_rate"};
  if (status == 429 || status == 503) {
    fault.retry_after_seconds = config_.retry_after_seconds;
  }
  return fault;
}

void HttpFaults::RememberThrottle(const FaultRequest& request,
                                  const HttpFault& fault, absl::Time now) {
  if (fault.status != 429 || !fault.retry_after_seconds.has_value() ||
      fault.source == "early_retry") {
    return;
  }
  throttled_until_[ThrottleKey(request)] =
      now + absl::Seconds(*fault.retry_after_seconds);
}

std::vector<std::pair<std::string, std::string>> HttpFaults::RateLimitHeaders(
    const std::string& tenant_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (config_.rate_limit_requests <= 0) return {};
  const absl::Time now = clock_->Now();
  Window& window = WindowFor(tenant_id, now);
  const int64_t remaining =
      std::max<int64_t>(0, config_.rate_limit_requests - window.requests);
  const absl::Duration reset = window.start + config_.rate_limit_window - now;
  return {{"RateLimit-Limit", absl::StrCat(config_.rate_limit_requests)},
          {"RateLimit-Remaining", absl::StrCat(remaining)},
          {"RateLimit-Reset", absl::StrCat(CeilSeconds(reset))}};
}

absl::Duration HttpFaults::DrawLatency() {
  std::lock_guard<std::mutex> lock(mu_);
  if (config_.latency_max <= absl::ZeroDuration()) return absl::ZeroDuration();
  return random_->UniformDuration(config_.latency_min, config_.latency_max);
}

std::string HttpFaults::TenantAadsts(const std::string& tenant_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = config_.tenant_aadsts.find(absl::AsciiStrToLower(tenant_id));
  return it == config_.tenant_aadsts.end() ? "" : it->second;
}

void HttpFaults::SetTenantAadsts(const std::string& tenant_id,
                                 const std::string& code) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string key = absl::AsciiStrToLower(tenant_id);
  if (code.empty()) {
    config_.tenant_aadsts.erase(key);
  } else {
    config_.tenant_aadsts[key] = code;
  }
}

}  // namespace cordon::sim::serve
