#include "server/adapters/graph/graph_outcome.h"

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/adapters/graph/graph_error_json.h"
#include "server/adapters/graph/graph_headers.h"

namespace cordon::adapters::graph {
namespace {

constexpr int kBadGateway = 502;

bool Is2xx(int status) { return status >= 200 && status < 300; }

core::GraphCallOutcome OutcomeOfAnswer(const http::HttpResponse& response,
                                       absl::Time now) {
  core::GraphCallOutcome outcome;
  outcome.http_status = response.status;
  const std::optional<std::string> retry_after = response.Header("retry-after");
  if (retry_after.has_value()) {
    outcome.retry_after = ParseRetryAfter(*retry_after, now);
  }
  const std::optional<std::string> scope =
      response.Header("x-ms-throttle-scope");
  if (scope.has_value()) {
    const ThrottleScope parsed = ParseThrottleScope(*scope);
    if (ThrottlesOneMailbox(parsed)) {
      outcome.throttle_scope = core::ThrottleScope::kMailbox;
    } else if (ThrottlesWholeTenant(parsed)) {
      outcome.throttle_scope = core::ThrottleScope::kTenant;
    }
  }
  if (!Is2xx(response.status)) {
    // An error body that does not parse (a gateway's HTML page) leaves the
    // status alone to classify by.
    absl::StatusOr<GraphError> error = ParseGraphError(response.body);
    if (error.ok()) outcome.error_code = error->code;
  }
  return outcome;
}

}  // namespace

core::GraphCallOutcome OutcomeOfResponse(const http::HttpResponse& response,
                                         absl::Time now) {
  core::GraphCallOutcome outcome;
  switch (response.outcome) {
    case http::TransportOutcome::kOk:
      return OutcomeOfAnswer(response, now);
    case http::TransportOutcome::kTimedOut:
      outcome.timed_out = true;
      return outcome;
    case http::TransportOutcome::kResponseTooLarge:
      outcome.http_status = kBadGateway;
      outcome.error_code = std::string(kAnswerTooLargeCode);
      return outcome;
    case http::TransportOutcome::kConnectFailed:
    case http::TransportOutcome::kTlsFailed:
    case http::TransportOutcome::kOther:
      return outcome;
  }
  return outcome;
}

core::GraphCallOutcome MalformedAnswerOutcome() {
  core::GraphCallOutcome outcome;
  outcome.http_status = kBadGateway;
  outcome.error_code = std::string(kMalformedAnswerCode);
  return outcome;
}

bool Succeeded(const core::GraphCallOutcome& outcome) {
  return !outcome.timed_out && Is2xx(outcome.http_status);
}

}  // namespace cordon::adapters::graph
