#include "server/adapters/http/curl_http_client.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/adapters/http/curl_client_fixture.h"

namespace cordon::adapters::http {
namespace curl_http_client_test {

using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::StartsWith;

std::string HeaderOf(
    const cordon::testing::HttpsTestServer::ReceivedRequest& request,
    const std::string& name) {
  return request.headers.count(name) == 0 ? "<absent>"
                                          : request.headers.find(name)->second;
}

TEST_F(CurlClientTest, GetSendsHeadersAndReturnsStatusHeadersAndBody) {
  server_->Handle("GET", "/v1.0/users/[a-z]+",
                  [](const httplib::Request&, httplib::Response& response) {
                    response.set_header("X-Request-Id", "req-1");
                    response.set_content(R"({"id":"alice"})",
                                         "application/json");
                  });
  HttpRequest request = Request(HttpMethod::kGet, "/v1.0/users/alice");
  request.headers = {{"Authorization", "Bearer token-1"},
                     {"Accept", "application/json"}};

  HttpResponse response = client_->Send(request);

  EXPECT_EQ(response.outcome, TransportOutcome::kOk) << response.detail;
  EXPECT_THAT(response.detail, IsEmpty());
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"id":"alice"})");
  EXPECT_THAT(response.Header("x-request-id"), Optional(Eq("req-1")));
  EXPECT_THAT(response.Header("content-type"),
              Optional(Eq("application/json")));
  auto received = server_->requests();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "GET");
  EXPECT_EQ(received[0].path, "/v1.0/users/alice");
  EXPECT_EQ(HeaderOf(received[0], "Authorization"), "Bearer token-1");
  EXPECT_EQ(HeaderOf(received[0], "Accept"), "application/json");
  EXPECT_THAT(HeaderOf(received[0], "User-Agent"), StartsWith("cordon/"));
}

TEST_F(CurlClientTest, PostSendsALargeBodyWithoutWaitingFor100Continue) {
  server_->Handle(
      "POST", "/token",
      [](const httplib::Request& request, httplib::Response& response) {
        response.set_content("echo:" + request.body, "text/plain");
      });
  HttpRequest request = Request(HttpMethod::kPost, "/token");
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = "grant_type=client_credentials&pad=" + std::string(4000, 'x');

  HttpResponse response = client_->Send(request);

  ASSERT_EQ(response.outcome, TransportOutcome::kOk) << response.detail;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "echo:" + request.body);
  auto received = server_->requests();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].body, request.body);
  EXPECT_EQ(HeaderOf(received[0], "Content-Type"),
            "application/x-www-form-urlencoded");
  EXPECT_EQ(HeaderOf(received[0], "Expect"), "<absent>");
}

TEST_F(CurlClientTest, PatchSendsItsBodyAndPassesA204Through) {
  server_->Handle("PATCH", "/v1.0/users/alice",
                  [](const httplib::Request&, httplib::Response& response) {
                    response.status = 204;
                  });
  HttpRequest request = Request(HttpMethod::kPatch, "/v1.0/users/alice");
  request.headers = {{"Content-Type", "application/json"}};
  request.body = R"({"accountEnabled":false})";

  HttpResponse response = client_->Send(request);

  ASSERT_EQ(response.outcome, TransportOutcome::kOk) << response.detail;
  EXPECT_EQ(response.status, 204);
  EXPECT_THAT(response.body, IsEmpty());
  auto received = server_->requests();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "PATCH");
  EXPECT_EQ(received[0].body, request.body);
  EXPECT_EQ(HeaderOf(received[0], "Content-Type"), "application/json");
}

TEST_F(CurlClientTest, PutAndDeleteGoOutWithTheirMethods) {
  auto no_content = [](const httplib::Request&, httplib::Response& response) {
    response.status = 204;
  };
  server_->Handle("PUT", "/item", no_content);
  server_->Handle("DELETE", "/item", no_content);
  HttpRequest put = Request(HttpMethod::kPut, "/item");
  put.body = "v";

  EXPECT_EQ(client_->Send(put).status, 204);
  EXPECT_EQ(client_->Send(Request(HttpMethod::kDelete, "/item")).status, 204);

  auto received = server_->requests();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].method, "PUT");
  EXPECT_EQ(received[0].body, "v");
  EXPECT_EQ(received[1].method, "DELETE");
}

// libcurl would otherwise label any body as a form.
TEST_F(CurlClientTest, ABodyWithoutContentTypeGoesOutWithout) {
  HttpRequest request = Request(HttpMethod::kPost, "/revoke");
  request.body = "{}";

  client_->Send(request);

  auto received = server_->requests();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(HeaderOf(received[0], "Content-Type"), "<absent>");
}

TEST_F(CurlClientTest, ErrorStatusesAreAnswersNotTransportFailures) {
  server_->Handle("GET", "/throttled",
                  [](const httplib::Request&, httplib::Response& response) {
                    response.status = 429;
                    response.set_header("Retry-After", "7");
                  });

  HttpResponse throttled =
      client_->Send(Request(HttpMethod::kGet, "/throttled"));
  HttpResponse missing = client_->Send(Request(HttpMethod::kGet, "/missing"));

  EXPECT_EQ(throttled.outcome, TransportOutcome::kOk);
  EXPECT_EQ(throttled.status, 429);
  EXPECT_THAT(throttled.Header("retry-after"), Optional(Eq("7")));
  EXPECT_EQ(missing.outcome, TransportOutcome::kOk);
  EXPECT_EQ(missing.status, 404);
}

TEST_F(CurlClientTest, RepeatedHeadersAreAllKeptInOrder) {
  server_->Handle("GET", "/multi",
                  [](const httplib::Request&, httplib::Response& response) {
                    response.set_header("X-Multi", "one");
                    response.set_header("X-Multi", "two");
                  });

  HttpResponse response = client_->Send(Request(HttpMethod::kGet, "/multi"));

  std::vector<std::string> values;
  for (const HttpHeader& header : response.headers) {
    if (header.name == "x-multi") values.push_back(header.value);
  }
  EXPECT_THAT(values, ElementsAre("one", "two"));
}

// A redirect is an answer for the adapter to judge, not a place to send a
// bearer token to.
TEST_F(CurlClientTest, RedirectsAreNotFollowed) {
  server_->Handle("GET", "/moved",
                  [](const httplib::Request&, httplib::Response& response) {
                    response.set_redirect("/elsewhere", 302);
                  });

  HttpResponse response = client_->Send(Request(HttpMethod::kGet, "/moved"));

  EXPECT_EQ(response.outcome, TransportOutcome::kOk);
  EXPECT_EQ(response.status, 302);
  EXPECT_THAT(response.Header("location"), Optional(Eq("/elsewhere")));
  EXPECT_THAT(
      server_->requests(),
      ElementsAre(Field(
          &cordon::testing::HttpsTestServer::ReceivedRequest::path, "/moved")));
}

TEST_F(CurlClientTest, OffersHttp2AndFallsBackToHttp11) {
  HttpResponse response = client_->Send(Request(HttpMethod::kGet, "/any"));

  EXPECT_EQ(response.outcome, TransportOutcome::kOk) << response.detail;
  EXPECT_THAT(server_->alpn_offers(), ElementsAre("h2,http/1.1"));
}

}  // namespace curl_http_client_test
}  // namespace cordon::adapters::http
