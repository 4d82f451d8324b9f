#ifndef CORDON_TESTING_HTTPS_TEST_SERVER_H_
#define CORDON_TESTING_HTTPS_TEST_SERVER_H_

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "testing/self_signed_certificate.h"
#include "testing/temp_dir.h"

namespace cordon::testing {

// A loopback HTTPS server for tests of the real HTTP adapters (and for
// cordon-sim's fakes): 127.0.0.1 on a free port, a throwaway certificate,
// handlers that may be added at any time, and a log of what arrived.
// Speaks HTTP/1.1 only (cpp-httplib).
class HttpsTestServer {
 public:
  using Handler =
      std::function<void(const httplib::Request&, httplib::Response&)>;

  struct Options {
    // cpp-httplib serves each connection on one thread for as long as it is
    // kept alive, so this bounds the connections served at once.
    size_t threads = 16;
  };

  // A request as it arrived.
  struct ReceivedRequest {
    std::string method;
    std::string path;
    httplib::Headers headers;  // names compare case-insensitively
    std::string body;
    // Requests from one client port came over one connection.
    int remote_port = 0;
  };

  // Serving when it returns. Also ignores SIGPIPE for the whole process: a
  // client that hangs up mid-response (as timeouts and size caps do) must
  // not kill it.
  static absl::StatusOr<std::unique_ptr<HttpsTestServer>> Start(
      Options options);
  static absl::StatusOr<std::unique_ptr<HttpsTestServer>> Start() {
    return Start(Options());
  }

  // Stops accepting and waits for every connection's thread, so handlers
  // that block must have been released, and clients should go first (an
  // idle kept-alive connection holds its thread for up to 5 s).
  ~HttpsTestServer();
  HttpsTestServer(const HttpsTestServer&) = delete;
  HttpsTestServer& operator=(const HttpsTestServer&) = delete;

  int port() const { return port_; }
  // The certificate a client must trust to talk to this server.
  const std::string& ca_file() const { return certificate_.certificate_path; }
  // "https://127.0.0.1:<port><path>".
  std::string Url(std::string_view path) const;

  // Sends `method` ("GET", "POST", ...) requests whose whole path matches
  // `path_pattern` (ECMAScript regex) to `handler`; the earliest match
  // wins. Requests nothing matches get 404. Handlers run on the server's
  // threads, several at once.
  void Handle(std::string method, std::string path_pattern, Handler handler);

  std::vector<ReceivedRequest> requests() const;
  // Connections that carried at least one request.
  size_t connection_count() const;
  // TLS handshakes that resumed an earlier session instead of a full one.
  size_t resumed_tls_sessions() const;
  // The ALPN protocols each TLS handshake offered, such as "h2,http/1.1".
  std::vector<std::string> alpn_offers() const;

 private:
  struct Route {
    std::string method;
    std::regex path_pattern;
    Handler handler;
  };

  HttpsTestServer() = default;
  absl::Status Listen(const Options& options);
  void RouteEveryMethodToDispatch();
  void Dispatch(const httplib::Request& request, httplib::Response& response);
  Handler HandlerFor(const httplib::Request& request) const;
  void MarkServing();
  static int SelectAlpn(SSL* ssl, const unsigned char** selected,
                        unsigned char* selected_length,
                        const unsigned char* offered,
                        unsigned int offered_length, void* self);

  TempDir directory_;
  CertificateFiles certificate_;
  std::unique_ptr<httplib::SSLServer> http_;
  int port_ = 0;
  std::thread thread_;

  mutable std::mutex mutex_;
  std::condition_variable serving_changed_;
  bool serving_ = false;                   // guarded by mutex_
  std::vector<Route> routes_;              // guarded by mutex_
  std::vector<ReceivedRequest> received_;  // guarded by mutex_
  std::vector<std::string> alpn_offers_;   // guarded by mutex_
};

}  // namespace cordon::testing

#endif  // CORDON_TESTING_HTTPS_TEST_SERVER_H_
