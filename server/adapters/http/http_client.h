#ifndef CORDON_SERVER_ADAPTERS_HTTP_HTTP_CLIENT_H_
#define CORDON_SERVER_ADAPTERS_HTTP_HTTP_CLIENT_H_

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::adapters::http {

enum class HttpMethod { kGet, kPost, kPut, kPatch, kDelete };

struct HttpHeader {
  std::string name;
  std::string value;
};

// One call. The defaults bound every call (DESIGN rule 6); adapters pass
// their own limits from flags such as --graph_timeout.
struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string url;
  // Values may carry bearer tokens and secrets: they never reach a detail.
  std::vector<HttpHeader> headers;
  // Sent for every method but GET. Without a content-type header the body
  // goes out with none, rather than the form encoding libcurl would claim.
  std::string body;
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds total_timeout{30'000};
  // Bounds the response's header lines and body together, so a hostile or
  // broken server cannot grow our memory.
  size_t max_response_bytes = 1 << 20;
};

// What happened on the way, apart from what the server answered: a 404 or a
// 429 is kOk with that status.
enum class TransportOutcome {
  kOk,
  // Nothing was sent: no connection could be made (refused, unreachable,
  // unknown host).
  kConnectFailed,
  // The request may or may not have reached the server.
  kTimedOut,
  // The server answered more than max_response_bytes; status may be set.
  kResponseTooLarge,
  // The handshake or the server's certificate failed; nothing was sent.
  kTlsFailed,
  // Anything else, including a request this client refuses to send.
  kOther,
};

std::string_view TransportOutcomeName(TransportOutcome outcome);

struct HttpResponse {
  TransportOutcome outcome = TransportOutcome::kOther;
  // Why the transport failed, for logs; empty with kOk. Never holds request
  // headers or bodies.
  std::string detail;
  // 0 when no status line arrived.
  int status = 0;
  // Names lowercased, in the order received; a name may repeat.
  std::vector<HttpHeader> headers;
  // Complete only with kOk.
  std::string body;

  // The first value of header `lowercase_name`, if the server sent it.
  std::optional<std::string> Header(std::string_view lowercase_name) const;
};

// Sends one HTTP request and reports what happened. Never retries: the
// outbox worker owns retries (DESIGN rule 6). Implementations are safe to
// call from many threads at once. An interface so that adapters can be
// tested against a fake.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual HttpResponse Send(const HttpRequest& request) = 0;
};

}  // namespace cordon::adapters::http

#endif  // CORDON_SERVER_ADAPTERS_HTTP_HTTP_CLIENT_H_
