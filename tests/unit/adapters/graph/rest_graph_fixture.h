#ifndef CORDON_TESTS_UNIT_ADAPTERS_GRAPH_REST_GRAPH_FIXTURE_H_
#define CORDON_TESTS_UNIT_ADAPTERS_GRAPH_REST_GRAPH_FIXTURE_H_

// RestGraph over the real CurlHttpClient against a loopback HTTPS server
// that answers with the documented bodies of tests/contract/graph/.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "server/adapters/graph/rest_graph.h"
#include "server/adapters/graph/token_source.h"
#include "server/adapters/http/curl_http_client.h"
#include "testing/fake_clock.h"
#include "testing/https_test_server.h"
#include "tests/unit/adapters/graph/contract_files.h"
#include "tests/unit/adapters/http/curl_client_fixture.h"

namespace cordon::adapters::graph::testing {

// Hands out one token, or a set failure; records invalidations.
class FakeTokenSource final : public TokenSource {
 public:
  TokenResult Token(absl::string_view) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failure_.has_value()) return *failure_;
    TokenResult result;
    result.ok = true;
    result.access_token = access_token_;
    return result;
  }
  void Invalidate(absl::string_view tenant_id,
                  absl::string_view access_token) override {
    std::lock_guard<std::mutex> lock(mutex_);
    invalidated_.emplace_back(tenant_id, access_token);
  }
  // The token handed out from now on (a JWT, to test its roles claim).
  void SetAccessToken(std::string token) {
    std::lock_guard<std::mutex> lock(mutex_);
    access_token_ = std::move(token);
  }
  void Fail(TokenResult failure) {
    std::lock_guard<std::mutex> lock(mutex_);
    failure_ = std::move(failure);
  }
  std::vector<std::pair<std::string, std::string>> invalidated() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return invalidated_;
  }

 private:
  mutable std::mutex mutex_;
  std::string access_token_ = "token-1";
  std::optional<TokenResult> failure_;
  std::vector<std::pair<std::string, std::string>> invalidated_;
};

class RestGraphTest : public ::testing::Test {
 protected:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  void SetUp() override {
    auto server = cordon::testing::HttpsTestServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    http::CurlHttpClient::Options client_options;
    client_options.ca_file = server_->ca_file();
    client_ = std::make_unique<http::CurlHttpClient>(client_options);
    graph_ = MakeGraph(Options());
  }

  // Stalled handlers go first, then the client's connections.
  void TearDown() override {
    stalled_handlers_.Open();
    graph_.reset();
    client_.reset();
    server_.reset();
  }

  RestGraphOptions Options() const {
    RestGraphOptions options;
    options.base_url = server_->Url("/v1.0");
    options.limits.connect_timeout = std::chrono::seconds(10);
    options.limits.total_timeout = std::chrono::seconds(10);
    return options;
  }

  std::unique_ptr<RestGraph> MakeGraph(RestGraphOptions options) {
    return std::make_unique<RestGraph>(client_.get(), &tokens_, &clock_,
                                       std::move(options));
  }

  // Answers `method` requests to the path `pattern` with `status`, `body`
  // and `headers`.
  void Serve(const std::string& method, const std::string& pattern, int status,
             std::string body, Headers headers = {},
             const std::string& content_type = "application/json") {
    server_->Handle(method, pattern,
                    [status, body, headers, content_type](
                        const httplib::Request&, httplib::Response& response) {
                      response.status = status;
                      for (const auto& [name, value] : headers) {
                        response.set_header(name, value);
                      }
                      response.set_content(body, content_type);
                    });
  }

  void ServeFile(const std::string& method, const std::string& pattern,
                 int status, absl::string_view file, Headers headers = {}) {
    Serve(method, pattern, status, ReadContractFile(file), std::move(headers));
  }

  std::vector<cordon::testing::HttpsTestServer::ReceivedRequest> Requests()
      const {
    return server_->requests();
  }

  static std::string HeaderOf(
      const cordon::testing::HttpsTestServer::ReceivedRequest& request,
      const std::string& name) {
    auto it = request.headers.find(name);
    return it == request.headers.end() ? "<absent>" : it->second;
  }

  const ports::GraphUserRef user_{"tenant-1", "megan.bowen@contoso.com"};
  const std::string user_path_ = "/v1.0/users/megan.bowen@contoso.com";
  http::Gate stalled_handlers_;
  FakeTokenSource tokens_;
  ports::FakeClock clock_;
  std::unique_ptr<cordon::testing::HttpsTestServer> server_;
  std::unique_ptr<http::CurlHttpClient> client_;
  std::unique_ptr<RestGraph> graph_;
};

}  // namespace cordon::adapters::graph::testing

#endif  // CORDON_TESTS_UNIT_ADAPTERS_GRAPH_REST_GRAPH_FIXTURE_H_
