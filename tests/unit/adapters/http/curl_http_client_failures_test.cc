#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/adapters/http/curl_http_client.h"
#include "tests/unit/adapters/http/curl_client_fixture.h"

namespace cordon::adapters::http {
namespace curl_http_client_failures_test {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kToken[] = "Bearer eyJ0eXAiOiJKV1QiLCJub25jZSI6InNlY3JldCJ9";
constexpr char kSecretBody[] = "client_secret=Zq8~top-secret-value";

// A loopback port that refuses connections: bound, so that nothing else
// takes it meanwhile, but never listening.
class RefusingPort {
 public:
  RefusingPort() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd_ >= 0 &&
        bind(fd_, reinterpret_cast<sockaddr*>(&address), length) == 0 &&
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      port_ = ntohs(address.sin_port);
    }
  }
  ~RefusingPort() {
    if (fd_ >= 0) close(fd_);
  }
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;

  // 0 when no port could be bound.
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

class CurlClientFailureTest : public CurlClientTest {
 protected:
  // A request that carries secrets, as Graph and token calls do.
  HttpRequest SecretRequest(const std::string& url) const {
    HttpRequest request;
    request.method = HttpMethod::kPost;
    request.url = url;
    request.headers = {{"Authorization", kToken}};
    request.body = kSecretBody;
    request.connect_timeout = std::chrono::seconds(10);
    request.total_timeout = std::chrono::seconds(10);
    return request;
  }

  static void ExpectNoSecretsIn(const HttpResponse& response) {
    EXPECT_THAT(response.detail, Not(IsEmpty()));
    EXPECT_THAT(response.detail, Not(HasSubstr("eyJ0eXAi")));
    EXPECT_THAT(response.detail, Not(HasSubstr("top-secret")));
  }

  // Answers `path` with `size` bytes, announced by Content-Length or, when
  // `chunked`, streamed without one.
  void ServeBytes(const std::string& path, size_t size, bool chunked) {
    server_->Handle(
        "POST", path,
        [size, chunked](const httplib::Request&, httplib::Response& response) {
          if (!chunked) {
            response.set_content(std::string(size, 'b'), "text/plain");
            return;
          }
          response.set_chunked_content_provider(
              "text/plain", [size](size_t, httplib::DataSink& sink) {
                sink.write(std::string(size, 'b').data(), size);
                sink.done();
                return true;
              });
        });
  }
};

TEST_F(CurlClientFailureTest, AClosedPortIsAConnectFailure) {
  RefusingPort refusing;
  ASSERT_NE(refusing.port(), 0);

  HttpResponse response = client_->Send(SecretRequest(
      absl::StrCat("https://127.0.0.1:", refusing.port(), "/v1.0/users")));

  EXPECT_EQ(response.outcome, TransportOutcome::kConnectFailed)
      << response.detail;
  EXPECT_EQ(response.status, 0);
  ExpectNoSecretsIn(response);
}

TEST_F(CurlClientFailureTest, AStalledServerTimesOutWithinTheTotalTimeout) {
  server_->Handle("POST", "/stall",
                  [this](const httplib::Request&, httplib::Response&) {
                    stalled_handlers_.WaitOpen(std::chrono::seconds(30));
                  });
  HttpRequest request = SecretRequest(server_->Url("/stall"));
  request.total_timeout = std::chrono::milliseconds(200);

  const auto start = std::chrono::steady_clock::now();
  HttpResponse response = client_->Send(request);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  stalled_handlers_.Open();

  EXPECT_EQ(response.outcome, TransportOutcome::kTimedOut) << response.detail;
  EXPECT_EQ(response.status, 0);
  EXPECT_GE(elapsed, std::chrono::milliseconds(190));
  // Generous: the bound is what matters, not this machine's speed.
  EXPECT_LT(elapsed, std::chrono::seconds(3));
  ExpectNoSecretsIn(response);
}

TEST_F(CurlClientFailureTest, ABodyOverTheCapIsTooLarge) {
  ServeBytes("/sized", 4096, /*chunked=*/false);
  ServeBytes("/streamed", 4096, /*chunked=*/true);
  HttpRequest sized = SecretRequest(server_->Url("/sized"));
  HttpRequest streamed = SecretRequest(server_->Url("/streamed"));
  sized.max_response_bytes = streamed.max_response_bytes = 1024;

  for (const HttpRequest& request : {sized, streamed}) {
    HttpResponse response = client_->Send(request);

    EXPECT_EQ(response.outcome, TransportOutcome::kResponseTooLarge)
        << request.url << ": " << response.detail;
    EXPECT_THAT(response.body, IsEmpty());
    ExpectNoSecretsIn(response);
  }
}

TEST_F(CurlClientFailureTest, ABodyWithinTheCapArrivesWhole) {
  ServeBytes("/streamed", 2048, /*chunked=*/true);
  HttpRequest request = SecretRequest(server_->Url("/streamed"));
  request.max_response_bytes = 4096;

  HttpResponse response = client_->Send(request);

  EXPECT_EQ(response.outcome, TransportOutcome::kOk) << response.detail;
  EXPECT_EQ(response.body, std::string(2048, 'b'));
}

TEST_F(CurlClientFailureTest, AnUntrustedCertificateFailsTlsAndSendsNothing) {
  auto stranger = cordon::testing::HttpsTestServer::Start();
  ASSERT_TRUE(stranger.ok()) << stranger.status();

  HttpResponse response =
      client_->Send(SecretRequest((*stranger)->Url("/v1.0/users")));

  EXPECT_EQ(response.outcome, TransportOutcome::kTlsFailed) << response.detail;
  EXPECT_EQ(response.status, 0);
  EXPECT_THAT((*stranger)->requests(), IsEmpty());
  ExpectNoSecretsIn(response);
}

TEST_F(CurlClientFailureTest, RefusesCallsThatWouldBeUnboundedOrSmuggleLines) {
  HttpRequest no_timeout = SecretRequest(server_->Url("/any"));
  no_timeout.total_timeout = std::chrono::milliseconds(0);
  HttpRequest no_cap = SecretRequest(server_->Url("/any"));
  no_cap.max_response_bytes = 0;
  HttpRequest smuggling = SecretRequest(server_->Url("/any"));
  smuggling.headers.push_back(
      {"X-Note", std::string(kToken) + "\r\nX-Injected: yes"});

  for (const HttpRequest& request : {no_timeout, no_cap, smuggling}) {
    HttpResponse response = client_->Send(request);

    EXPECT_EQ(response.outcome, TransportOutcome::kOther);
    EXPECT_THAT(response.detail, HasSubstr("refused to send"));
    ExpectNoSecretsIn(response);
  }
  EXPECT_THAT(server_->requests(), IsEmpty());
}

TEST_F(CurlClientFailureTest, PlainHttpOnlyWhenAllowed) {
  RefusingPort refusing;
  ASSERT_NE(refusing.port(), 0);
  const std::string url =
      absl::StrCat("http://127.0.0.1:", refusing.port(), "/");
  CurlHttpClient::Options loopback;
  loopback.allow_http = true;
  CurlHttpClient loopback_client(loopback);

  HttpResponse refused = client_->Send(SecretRequest(url));
  HttpResponse attempted = loopback_client.Send(SecretRequest(url));
  HttpResponse other_scheme =
      loopback_client.Send(SecretRequest("ftp://127.0.0.1/"));

  EXPECT_EQ(refused.outcome, TransportOutcome::kOther);
  EXPECT_THAT(refused.detail, HasSubstr("not supported"));
  EXPECT_EQ(attempted.outcome, TransportOutcome::kConnectFailed);
  EXPECT_EQ(other_scheme.outcome, TransportOutcome::kOther);
  ExpectNoSecretsIn(refused);
}

}  // namespace curl_http_client_failures_test
}  // namespace cordon::adapters::http
