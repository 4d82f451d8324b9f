#include "server/adapters/psa/psa_call.h"

#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/adapters/graph/graph_headers.h"
#include "server/adapters/psa/utf8_prefix.h"

namespace cordon::adapters::psa {
namespace {

// Retryable for ClassifyPsaOutcome: the PSA (or the way to it) failed, not
// the request.
constexpr int kBadGateway = 502;
constexpr int kBadRequest = 400;
constexpr int kServiceUnavailable = 503;
// Enough for the PSA's sentence; a longer body is not words for an admin.
constexpr size_t kMaxMessageBytes = 300;

bool Is2xx(int status) { return status >= 200 && status < 300; }

// What the transport failure means; `detail` is curl's text, which names
// no header or body.
ports::PsaCallOutcome TransportFailure(const http::HttpResponse& response,
                                       absl::string_view product) {
  ports::PsaCallOutcome outcome;
  if (response.outcome == http::TransportOutcome::kTimedOut) {
    // The request may have reached the PSA: a create after this looks its
    // tag up first (the adapters always do).
    outcome.timed_out = true;
    outcome.message = absl::StrCat(product, ": no answer within the timeout");
    return outcome;
  }
  outcome.http_status = kBadGateway;
  outcome.message = absl::StrCat(
      product, ": ",
      response.outcome == http::TransportOutcome::kResponseTooLarge
          ? "the answer exceeded the response size limit"
          : std::string(http::TransportOutcomeName(response.outcome)),
      response.detail.empty() ? "" : " (", CleanPsaText(response.detail),
      response.detail.empty() ? "" : ")");
  return outcome;
}

}  // namespace

PsaCaller::PsaCaller(http::HttpClient* http, const ports::Clock* clock,
                     PsaCallLimits limits, UrlCheck check_url)
    : http_(http),
      clock_(clock),
      limits_(limits),
      check_url_(std::move(check_url)) {}

PsaReply PsaCaller::Call(http::HttpRequest request, absl::string_view product,
                         const ErrorReader& read_error) const {
  PsaReply reply;
  if (check_url_) {
    const absl::Status allowed = check_url_(request.url);
    if (!allowed.ok()) {
      // DNS that cannot answer now is worth retrying; a refused address is
      // not.
      reply.outcome.http_status =
          absl::IsUnavailable(allowed) ? kServiceUnavailable : kBadRequest;
      reply.outcome.message =
          absl::StrCat(product, ": endpoint refused: ", allowed.message());
      return reply;
    }
  }
  request.connect_timeout = limits_.connect_timeout;
  request.total_timeout = limits_.total_timeout;
  request.max_response_bytes = limits_.max_response_bytes;
  http::HttpResponse response = http_->Send(request);
  if (response.outcome != http::TransportOutcome::kOk) {
    reply.outcome = TransportFailure(response, product);
    return reply;
  }
  reply.outcome.http_status = response.status;
  const std::optional<std::string> retry_after = response.Header("retry-after");
  if (retry_after.has_value()) {
    reply.outcome.retry_after =
        graph::ParseRetryAfter(*retry_after, clock_->Now());
  }
  if (Is2xx(response.status)) {
    reply.body = std::move(response.body);
    return reply;
  }
  const std::string words = read_error ? read_error(response.body) : "";
  reply.outcome.message =
      absl::StrCat(product, ": HTTP ", response.status,
                   words.empty() ? "" : ": ", CleanPsaText(words));
  return reply;
}

http::HttpRequest JsonRequest(http::HttpMethod method, std::string url,
                              std::string body) {
  http::HttpRequest request;
  request.method = method;
  request.url = std::move(url);
  request.headers.push_back({"Accept", "application/json"});
  if (method != http::HttpMethod::kGet) {
    request.headers.push_back({"Content-Type", "application/json"});
  }
  request.body = std::move(body);
  return request;
}

ports::PsaCallOutcome UnreadableAnswer(absl::string_view product,
                                       absl::string_view why) {
  ports::PsaCallOutcome outcome;
  outcome.http_status = kBadGateway;
  outcome.message = absl::StrCat(product, ": unreadable answer: ", why);
  return outcome;
}

ports::PsaCallOutcome BadIntegration(absl::string_view product,
                                     absl::string_view problem) {
  ports::PsaCallOutcome outcome;
  outcome.http_status = kBadRequest;
  outcome.message =
      absl::StrCat(product, ": the integration is misconfigured: ", problem);
  return outcome;
}

ports::PsaCallOutcome BadTicketId(absl::string_view product) {
  return BadIntegration(product, "the ticket id is not a record id");
}

std::string CleanPsaText(absl::string_view text) {
  std::string clean;
  for (char c : Utf8Prefix(text, kMaxMessageBytes)) {
    clean.push_back(absl::ascii_iscntrl(static_cast<unsigned char>(c)) ? ' '
                                                                       : c);
  }
  if (text.size() > kMaxMessageBytes) clean += "...";
  return clean;
}

}  // namespace cordon::adapters::psa
