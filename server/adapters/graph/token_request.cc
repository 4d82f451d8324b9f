#include "server/adapters/graph/token_request.h"

#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "server/adapters/graph/graph_headers.h"
#include "server/adapters/graph/token_json.h"

namespace cordon::adapters::graph {
namespace {

// error_description runs to several lines of trace ids and timestamps; the
// first line says what went wrong.
constexpr size_t kMaxDescriptionInDetail = 300;

// Every failed token request goes through here. GraphCaller hands the
// failure on as the Graph call's outcome, so a 2xx status that brought no
// token (a 204, a 200 cut off mid-body or over the size cap) must not read
// as Graph's success: it becomes "no usable answer" (0), which is retried.
TokenAnswer Failed(core::GraphCallOutcome failure, std::string detail) {
  if (failure.http_status >= 200 && failure.http_status < 300) {
    failure.http_status = 0;
  }
  TokenAnswer answer;
  answer.result.failure = std::move(failure);
  answer.result.detail = std::move(detail);
  return answer;
}

TokenAnswer TransportFailure(const http::HttpResponse& response,
                             absl::string_view tenant_id) {
  core::GraphCallOutcome failure;
  failure.http_status = response.status;
  failure.timed_out = response.outcome == http::TransportOutcome::kTimedOut;
  return Failed(
      std::move(failure),
      absl::StrCat("token request for tenant ", tenant_id, ": ",
                   std::string(http::TransportOutcomeName(response.outcome)),
                   ": ", response.detail));
}

std::string FirstLine(absl::string_view text) {
  absl::string_view line = *absl::StrSplit(text, '\n').begin();
  line = absl::StripSuffix(line, "\r");
  return std::string(line.substr(0, kMaxDescriptionInDetail));
}

TokenAnswer ErrorAnswer(const http::HttpResponse& response,
                        absl::string_view tenant_id, absl::Time now) {
  core::GraphCallOutcome failure;
  failure.http_status = response.status;
  if (auto retry_after = response.Header("retry-after")) {
    failure.retry_after = ParseRetryAfter(*retry_after, now);
  }
  std::string detail = absl::StrCat("token endpoint answered HTTP ",
                                    response.status, " for tenant ", tenant_id);
  // 5xx answers from proxies and load balancers need not be JSON at all.
  if (absl::StatusOr<TokenError> error = ParseTokenError(response.body);
      error.ok()) {
    failure.aadsts_code = error->aadsts_code;
    absl::StrAppend(&detail, ": ", error->error, ": ",
                    FirstLine(error->description));
    if (!error->trace_id.empty()) {
      absl::StrAppend(&detail, " (trace id ", error->trace_id, ")");
    }
  }
  return Failed(std::move(failure), std::move(detail));
}

TokenAnswer SuccessAnswer(const http::HttpResponse& response,
                          absl::string_view tenant_id) {
  absl::StatusOr<AccessToken> token = ParseTokenResponse(response.body);
  if (!token.ok()) {
    return Failed(
        core::GraphCallOutcome(),
        absl::StrCat("token endpoint answered HTTP 200 for tenant ", tenant_id,
                     " without a usable token: ", token.status().message()));
  }
  TokenAnswer answer;
  answer.result.ok = true;
  answer.result.access_token = std::move(token->access_token);
  answer.expires_in = token->expires_in;
  return answer;
}

http::HttpRequest Post(const TokenEndpoint& endpoint, std::string url,
                       std::string body) {
  http::HttpRequest request;
  request.method = http::HttpMethod::kPost;
  request.url = std::move(url);
  request.headers = {
      {"Content-Type", "application/x-www-form-urlencoded"},
      {"Accept", "application/json"},
  };
  request.body = std::move(body);
  request.connect_timeout = endpoint.connect_timeout;
  request.total_timeout = endpoint.total_timeout;
  request.max_response_bytes = endpoint.max_response_bytes;
  return request;
}

}  // namespace

std::string TokenUrl(absl::string_view login_base_url,
                     absl::string_view tenant_id) {
  while (absl::ConsumeSuffix(&login_base_url, "/")) {
  }
  return absl::StrCat(login_base_url, "/", tenant_id, "/oauth2/v2.0/token");
}

TokenAnswer RequestToken(http::HttpClient& client,
                         const ClientCredential& credential,
                         const TokenEndpoint& endpoint,
                         absl::string_view tenant_id,
                         const ports::Clock& clock) {
  std::string url = TokenUrl(endpoint.login_base_url, tenant_id);
  absl::StatusOr<std::string> body =
      credential.TokenRequestBody(endpoint.client_id, url);
  if (!body.ok()) {
    return Failed(core::GraphCallOutcome(),
                  absl::StrCat("token request for tenant ", tenant_id,
                               " not sent: ", body.status().message()));
  }
  const http::HttpResponse response =
      client.Send(Post(endpoint, std::move(url), std::move(*body)));
  if (response.outcome != http::TransportOutcome::kOk) {
    return TransportFailure(response, tenant_id);
  }
  if (response.status == 200) return SuccessAnswer(response, tenant_id);
  return ErrorAnswer(response, tenant_id, clock.Now());
}

}  // namespace cordon::adapters::graph
