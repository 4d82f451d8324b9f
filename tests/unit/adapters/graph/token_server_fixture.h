#ifndef CORDON_TESTS_UNIT_ADAPTERS_GRAPH_TOKEN_SERVER_FIXTURE_H_
#define CORDON_TESTS_UNIT_ADAPTERS_GRAPH_TOKEN_SERVER_FIXTURE_H_

// A loopback token endpoint that answers with the documented token answers
// of tests/contract/graph (status and headers from manifest.json), and an
// OAuthTokenSource pointed at it.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "server/adapters/graph/oauth_token_source.h"
#include "testing/fake_clock.h"
#include "tests/unit/adapters/graph/contract_files.h"
#include "tests/unit/adapters/http/curl_client_fixture.h"

namespace cordon::adapters::graph::testing {

inline constexpr char kClientId[] = "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17";
inline constexpr char kClientSecret[] = "Zq8~secret.VALUE_never-leaks";
inline constexpr char kTenant[] = "9d2c4b1a-3e5f-4a6b-8c7d-0e1f2a3b4c5d";
inline constexpr char kOtherTenant[] = "0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b";

struct CannedAnswer {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// The contract file with the status and headers manifest.json documents.
inline CannedAnswer ContractAnswer(absl::string_view file) {
  CannedAnswer answer;
  answer.body = ReadContractFile(file);
  const auto manifest =
      nlohmann::json::parse(ReadContractFile("manifest.json"), nullptr, false);
  if (manifest.is_discarded()) return answer;
  for (const auto& entry : manifest["answers"]) {
    if (entry["file"] != std::string(file)) continue;
    answer.status = entry["status"].get<int>();
    for (const auto& [name, value] : entry["headers"].items()) {
      answer.headers.emplace_back(name, value.get<std::string>());
    }
  }
  return answer;
}

class TokenServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = cordon::testing::HttpsTestServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    http::CurlHttpClient::Options options;
    options.ca_file = server_->ca_file();
    client_ = std::make_unique<http::CurlHttpClient>(options);
    server_->Handle(
        "POST", "/[^/]+/oauth2/v2\\.0/token",
        [this](const httplib::Request& request, httplib::Response& response) {
          Serve(request, response);
        });
    Answer(ContractAnswer("token_success.json"));
  }

  // Held handlers go first, then the client's connections, so the server's
  // threads end at once.
  void TearDown() override {
    held_.Open();
    source_.reset();
    client_.reset();
    server_.reset();
  }

  void Answer(CannedAnswer answer) {
    std::lock_guard<std::mutex> lock(mutex_);
    answer_ = std::move(answer);
  }
  // Requests for `tenant` wait until held_.Open().
  void Hold(std::string tenant) {
    std::lock_guard<std::mutex> lock(mutex_);
    held_tenant_ = std::move(tenant);
  }
  // False if fewer than `count` requests arrived within the limit.
  bool WaitForArrivals(size_t count) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10),
                             [&] { return arrivals_ >= count; });
  }

  OAuthTokenSource::Options SourceOptions() const {
    OAuthTokenSource::Options options;
    options.endpoint.client_id = kClientId;
    options.endpoint.login_base_url = server_->Url("");
    options.endpoint.total_timeout = std::chrono::seconds(10);
    return options;
  }
  OAuthTokenSource& MakeSource(
      OAuthTokenSource::Options options,
      std::unique_ptr<const ClientCredential> credential =
          std::make_unique<ClientSecretCredential>(kClientSecret)) {
    source_ = std::make_unique<OAuthTokenSource>(
        std::move(options), std::move(credential), *client_, clock_);
    return *source_;
  }
  OAuthTokenSource& MakeSource() { return MakeSource(SourceOptions()); }

  size_t TokenRequests() const { return server_->requests().size(); }

  http::Gate held_;
  ports::FakeClock clock_;
  std::unique_ptr<cordon::testing::HttpsTestServer> server_;
  std::unique_ptr<http::CurlHttpClient> client_;
  std::unique_ptr<OAuthTokenSource> source_;

 private:
  void Serve(const httplib::Request& request, httplib::Response& response) {
    CannedAnswer answer;
    bool hold = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      answer = answer_;
      hold = !held_tenant_.empty() &&
             absl::StartsWith(request.path, "/" + held_tenant_ + "/");
      ++arrivals_;
      changed_.notify_all();
    }
    if (hold) held_.WaitOpen(std::chrono::seconds(20));
    response.status = answer.status;
    std::string content_type = "application/json";
    for (const auto& [name, value] : answer.headers) {
      if (absl::EqualsIgnoreCase(name, "Content-Type")) {
        content_type = value;
      } else {
        response.set_header(name, value);
      }
    }
    response.set_content(answer.body, content_type);
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  CannedAnswer answer_;      // guarded by mutex_
  std::string held_tenant_;  // guarded by mutex_
  size_t arrivals_ = 0;      // guarded by mutex_
};

}  // namespace cordon::adapters::graph::testing

#endif  // CORDON_TESTS_UNIT_ADAPTERS_GRAPH_TOKEN_SERVER_FIXTURE_H_
