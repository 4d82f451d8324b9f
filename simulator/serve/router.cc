#include "simulator/serve/router.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "simulator/serve/graph_json.h"

namespace cordon::sim::serve {
namespace {

// Mailbox calls are throttled per app and mailbox, directory calls per app
// and tenant (Graph's throttling limits): a 429 holds back only its scope.
bool IsMailboxCall(const WireRequest& request) {
  return absl::StrContains(request.path, "/mailFolders/");
}

std::string ThrottleScope(const WireRequest& request) {
  if (!IsMailboxCall(request) || request.captures.empty()) return "directory";
  return absl::StrCat("mailbox:", absl::AsciiStrToLower(request.captures[0]));
}

WireAnswer NoRoute(const WireRequest& request, absl::Time now) {
  WireAnswer answer;
  answer.status = 404;
  answer.body = absl::StartsWith(request.path, "/_sim/")
                    ? R"({"error":"no such /_sim/ endpoint"})"
                    : GraphErrorBody("UnknownRoute",
                                     "The served simulator has no such route.",
                                     request.request_id, now);
  return answer;
}

}  // namespace

Router::Router(std::vector<Route> routes, TokenIssuer* tokens,
               HttpFaults* faults, RequestLog* log, const ports::Clock* clock)
    : tokens_(tokens), faults_(faults), log_(log), clock_(clock) {
  for (Route& route : routes) {
    std::regex pattern(route.pattern);
    routes_.push_back({std::move(route), std::move(pattern)});
  }
}

const Router::CompiledRoute* Router::Find(WireRequest& request) const {
  for (const CompiledRoute& compiled : routes_) {
    std::smatch match;
    if (compiled.route.method != request.method ||
        !std::regex_match(request.path, match, compiled.pattern)) {
      continue;
    }
    request.captures.clear();
    for (size_t i = 1; i < match.size(); ++i) {
      request.captures.push_back(match[i].str());
    }
    return &compiled;
  }
  return nullptr;
}

WireAnswer Router::Dispatch(WireRequest request) {
  request.request_id = absl::StrFormat("00000000-0000-4000-8000-%012d",
                                       next_request_.fetch_add(1));
  const CompiledRoute* route = Find(request);
  if (route != nullptr && route->route.kind == RouteKind::kAdmin) {
    return route->route.handler(request);
  }
  const absl::Duration latency = faults_->DrawLatency();
  if (latency > absl::ZeroDuration()) absl::SleepFor(latency);
  WireAnswer answer = route == nullptr ? NoRoute(request, clock_->Now())
                                       : Served(*route, request);
  log_->Add({clock_->Now(), request.method, request.path, answer.tenant,
             answer.status, answer.fault,
             LoggedPatchValues(request.method, request.body)});
  return answer;
}

WireAnswer Router::Served(const CompiledRoute& route, WireRequest& request) {
  const bool graph = route.route.kind == RouteKind::kGraph;
  if (graph) {
    WireAnswer refused = Authenticate(request);
    if (refused.status != 0) return refused;
  }
  const absl::optional<HttpFault> fault =
      faults_->Decide({request.method, request.path, request.tenant_id,
                       ThrottleScope(request), graph});
  WireAnswer answer = fault.has_value()
                          ? FaultAnswer(*fault, request, IsMailboxCall(request))
                          : route.route.handler(request);
  if (graph) {
    for (auto& header : faults_->RateLimitHeaders(request.tenant_id)) {
      answer.headers.push_back(std::move(header));
    }
  }
  return answer;
}

WireAnswer Router::Authenticate(WireRequest& request) const {
  WireAnswer answer;
  answer.status = 0;
  const TokenCheck check =
      tokens_->Check(request.authorization, &request.tenant_id);
  if (check == TokenCheck::kValid) return answer;
  const char* why = check == TokenCheck::kMissing ? "Access token is empty."
                    : check == TokenCheck::kExpired
                        ? "Lifetime validation failed, the token is expired."
                        : "Access token validation failure.";
  answer.status = 401;
  answer.body = GraphErrorBody("InvalidAuthenticationToken", why,
                               request.request_id, clock_->Now());
  answer.headers.push_back({"WWW-Authenticate", "Bearer"});
  return answer;
}

WireAnswer Router::FaultAnswer(const HttpFault& fault,
                               const WireRequest& request,
                               bool mailbox_call) const {
  WireAnswer answer;
  answer.status = fault.status;
  answer.tenant = request.tenant_id;
  answer.fault = fault.source;
  answer.body =
      !fault.body.empty()
          ? fault.body
          : GraphErrorBody(InjectedErrorCode(fault.status, mailbox_call),
                           "Injected by the served simulator.",
                           request.request_id, clock_->Now());
  if (fault.retry_after_seconds.has_value()) {
    answer.headers.push_back(
        {"Retry-After", absl::StrCat(*fault.retry_after_seconds)});
  }
  // Directory throttling names its scope (graph_error_throttled.json);
  // Outlook's per-mailbox throttling does not.
  if (fault.status == 429 && !mailbox_call && !request.tenant_id.empty()) {
    answer.headers.push_back(
        {"x-ms-throttle-scope",
         absl::StrCat("Tenant_Application/ReadWrite/sim/", request.tenant_id)});
  }
  return answer;
}

}  // namespace cordon::sim::serve
