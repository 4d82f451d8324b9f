#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/adapters/http/curl_http_client.h"
#include "tests/unit/adapters/http/curl_client_fixture.h"

namespace cordon::adapters::http {
namespace curl_http_client_connections_test {

using ::testing::Each;
using ::testing::Le;
using ::testing::SizeIs;

// Calls Send `calls` times from each of `threads` threads at once and
// returns every status (0 for a transport failure).
std::vector<int> StatusesOfParallelCalls(HttpClient& client,
                                         const HttpRequest& request,
                                         int threads, int calls) {
  std::vector<int> statuses(threads * calls, -1);
  std::vector<std::thread> callers;
  for (int thread = 0; thread < threads; ++thread) {
    callers.emplace_back([&, thread] {
      for (int call = 0; call < calls; ++call) {
        HttpResponse response = client.Send(request);
        statuses[thread * calls + call] =
            response.outcome == TransportOutcome::kOk ? response.status : 0;
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  return statuses;
}

TEST_F(CurlClientTest, SequentialCallsShareOneConnection) {
  const HttpRequest request = Request(HttpMethod::kGet, "/v1.0/users");

  for (int call = 0; call < 10; ++call) {
    ASSERT_EQ(client_->Send(request).status, 404);
  }

  EXPECT_THAT(server_->requests(), SizeIs(10));
  EXPECT_EQ(server_->connection_count(), 1u);
}

TEST_F(CurlClientTest, AConnectionOpenedOnOneThreadServesTheNext) {
  const HttpRequest request = Request(HttpMethod::kGet, "/v1.0/users");

  for (int thread = 0; thread < 3; ++thread) {
    std::thread([&] { EXPECT_EQ(client_->Send(request).status, 404); }).join();
  }

  EXPECT_THAT(server_->requests(), SizeIs(3));
  EXPECT_EQ(server_->connection_count(), 1u);
}

// Each response waits until all four requests are in the server at once:
// if the client let only one call through at a time, none would complete
// before its timeout.
TEST_F(CurlClientTest, ConcurrentCallsAreInFlightTogether) {
  constexpr int kCalls = 4;
  std::mutex mutex;
  std::condition_variable arrived_changed;
  int arrived = 0;
  server_->Handle("GET", "/together",
                  [&](const httplib::Request&, httplib::Response& response) {
                    std::unique_lock<std::mutex> lock(mutex);
                    ++arrived;
                    arrived_changed.notify_all();
                    const bool all_here = arrived_changed.wait_for(
                        lock, std::chrono::seconds(10),
                        [&] { return arrived >= kCalls; });
                    response.status = all_here ? 200 : 503;
                  });

  std::vector<int> statuses = StatusesOfParallelCalls(
      *client_, Request(HttpMethod::kGet, "/together"), kCalls, 1);

  EXPECT_THAT(statuses, Each(200));
}

TEST_F(CurlClientTest, ManyThreadsSucceedOverAtMostOneConnectionEach) {
  constexpr int kThreads = 4;
  constexpr int kCallsPerThread = 25;
  server_->Handle("GET", "/v1.0/me",
                  [](const httplib::Request&, httplib::Response& response) {
                    response.set_content("{}", "application/json");
                  });

  std::vector<int> statuses =
      StatusesOfParallelCalls(*client_, Request(HttpMethod::kGet, "/v1.0/me"),
                              kThreads, kCallsPerThread);

  EXPECT_THAT(statuses, Each(200));
  EXPECT_THAT(server_->requests(), SizeIs(kThreads * kCallsPerThread));
  EXPECT_THAT(server_->connection_count(), Le(size_t{kThreads}));
}

// A handle that must open a connection of its own (here every handle, as
// none is pooled) still skips the full handshake: the TLS session one handle
// got is shared with the others.
TEST_F(CurlClientTest, NewConnectionsResumeTheTlsSessionOfAnEarlierOne) {
  CurlHttpClient::Options unpooled;
  unpooled.ca_file = server_->ca_file();
  unpooled.max_pooled_handles = 0;
  CurlHttpClient client(unpooled);
  const HttpRequest request = Request(HttpMethod::kGet, "/v1.0/users");

  ASSERT_EQ(client.Send(request).status, 404);
  ASSERT_EQ(client.Send(request).status, 404);

  EXPECT_EQ(server_->connection_count(), 2u);
  EXPECT_EQ(server_->resumed_tls_sessions(), 1u);
}

}  // namespace curl_http_client_connections_test
}  // namespace cordon::adapters::http
