#ifndef CORDON_TESTS_UNIT_ADAPTERS_HTTP_CURL_CLIENT_FIXTURE_H_
#define CORDON_TESTS_UNIT_ADAPTERS_HTTP_CURL_CLIENT_FIXTURE_H_

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "server/adapters/http/curl_http_client.h"
#include "testing/https_test_server.h"

namespace cordon::adapters::http {

// Holds server handlers until a test lets them go, so that a test stalls a
// response on purpose instead of racing a sleep. Waits are bounded, so a
// failing test still ends.
class Gate {
 public:
  void Open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  // False when the gate stayed shut for `limit`.
  bool WaitOpen(std::chrono::milliseconds limit) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, limit, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
};

// A loopback HTTPS server and a client that trusts it.
class CurlClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = cordon::testing::HttpsTestServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    CurlHttpClient::Options options;
    options.ca_file = server_->ca_file();
    client_ = std::make_unique<CurlHttpClient>(options);
  }

  // Handlers let go first, then the client closes its connections, so the
  // server's threads end at once.
  void TearDown() override {
    stalled_handlers_.Open();
    client_.reset();
    server_.reset();
  }

  HttpRequest Request(HttpMethod method, const std::string& path) const {
    HttpRequest request;
    request.method = method;
    request.url = server_->Url(path);
    request.connect_timeout = std::chrono::seconds(10);
    request.total_timeout = std::chrono::seconds(10);
    return request;
  }

  Gate stalled_handlers_;
  std::unique_ptr<cordon::testing::HttpsTestServer> server_;
  std::unique_ptr<CurlHttpClient> client_;
};

}  // namespace cordon::adapters::http

#endif  // CORDON_TESTS_UNIT_ADAPTERS_HTTP_CURL_CLIENT_FIXTURE_H_
