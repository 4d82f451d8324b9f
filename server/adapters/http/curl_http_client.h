#ifndef CORDON_SERVER_ADAPTERS_HTTP_CURL_HTTP_CLIENT_H_
#define CORDON_SERVER_ADAPTERS_HTTP_CURL_HTTP_CLIENT_H_

#include <cstddef>
#include <memory>
#include <string>

#include "server/adapters/http/http_client.h"
#include "server/version.h"

namespace cordon::adapters::http {

class CurlHandlePool;
class CurlShare;

// HttpClient over libcurl. Safe for concurrent use: each call borrows its
// own easy handle, so calls run in parallel; a handle keeps its connections
// between calls, so a later call from any thread reuses them. HTTP/2 when
// the server offers it over TLS. Certificates are always verified; redirects
// are never followed (a redirect is an answer for the adapter to judge).
class CurlHttpClient final : public HttpClient {
 public:
  struct Options {
    // PEM certificates to trust instead of the system's store (tests and
    // the simulator trust a throwaway certificate); empty for the system's.
    std::string ca_file;
    std::string user_agent = std::string("cordon/") + kVersion;
    // A proxy URL. Empty connects directly and ignores the *_proxy
    // environment variables, so that no environment reroutes tokens.
    std::string proxy;
    // Plain http:// only for loopback fakes; otherwise only https:// URLs.
    bool allow_http = false;
    // Easy handles (each with its open connections) kept between calls:
    // about the number of calls expected in flight at once.
    size_t max_pooled_handles = 16;
  };

  explicit CurlHttpClient(Options options);
  // No call may be in flight.
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  HttpResponse Send(const HttpRequest& request) override;

 private:
  const Options options_;
  // The pool's handles attach to the share, so it goes after them.
  std::unique_ptr<CurlShare> share_;
  std::unique_ptr<CurlHandlePool> pool_;
};

}  // namespace cordon::adapters::http

#endif  // CORDON_SERVER_ADAPTERS_HTTP_CURL_HTTP_CLIENT_H_
