#include "server/adapters/http/http_client.h"

namespace cordon::adapters::http {

std::string_view TransportOutcomeName(TransportOutcome outcome) {
  switch (outcome) {
    case TransportOutcome::kOk:
      return "ok";
    case TransportOutcome::kConnectFailed:
      return "connect failed";
    case TransportOutcome::kTimedOut:
      return "timed out";
    case TransportOutcome::kResponseTooLarge:
      return "response too large";
    case TransportOutcome::kTlsFailed:
      return "TLS failed";
    case TransportOutcome::kOther:
      return "other";
  }
  return "unknown";
}

std::optional<std::string> HttpResponse::Header(
    std::string_view lowercase_name) const {
  for (const HttpHeader& header : headers) {
    if (header.name == lowercase_name) return header.value;
  }
  return std::nullopt;
}

}  // namespace cordon::adapters::http
