#include "server/adapters/graph/graph_caller.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/adapters/graph/graph_outcome.h"

namespace cordon::adapters::graph {

GraphCaller::GraphCaller(http::HttpClient* http, TokenSource* tokens,
                         const ports::Clock* clock, GraphCallLimits limits)
    : http_(http), tokens_(tokens), clock_(clock), limits_(limits) {}

http::HttpRequest GraphCaller::BuildRequest(
    http::HttpMethod method, std::string url, std::string body,
    CallPriority priority, absl::string_view access_token) const {
  http::HttpRequest request;
  request.method = method;
  request.url = std::move(url);
  request.headers.push_back(
      {"Authorization", absl::StrCat("Bearer ", access_token)});
  request.headers.push_back({"Accept", "application/json"});
  if (!body.empty()) {
    request.headers.push_back({"Content-Type", "application/json"});
  }
  if (priority == CallPriority::kContainment) {
    request.headers.push_back({"x-ms-throttle-priority", "high"});
  }
  request.body = std::move(body);
  request.connect_timeout = limits_.connect_timeout;
  request.total_timeout = limits_.total_timeout;
  request.max_response_bytes = limits_.max_response_bytes;
  return request;
}

GraphAnswer GraphCaller::Call(absl::string_view tenant_id,
                              http::HttpMethod method, std::string url,
                              std::string body, CallPriority priority) const {
  TokenResult token = tokens_->Token(tenant_id);
  if (!token.ok) return GraphAnswer{token.failure, ""};
  http::HttpResponse response = http_->Send(BuildRequest(
      method, std::move(url), std::move(body), priority, token.access_token));
  GraphAnswer answer{OutcomeOfResponse(response, clock_->Now()), ""};
  if (core::RejectsToken(answer.outcome)) {
    tokens_->Invalidate(tenant_id, token.access_token);
  }
  if (Succeeded(answer.outcome)) answer.body = std::move(response.body);
  return answer;
}

}  // namespace cordon::adapters::graph
