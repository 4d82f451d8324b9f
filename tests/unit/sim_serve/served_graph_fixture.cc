#include "tests/unit/sim_serve/served_graph_fixture.h"

#include "absl/strings/match.h"

namespace cordon::sim::serve::testing {

using adapters::graph::ClientSecretCredential;
using adapters::graph::OAuthTokenSource;
using adapters::graph::RestGraph;
using adapters::graph::RestGraphOptions;

void ServedGraphTest::SetUp() {
  ASSERT_TRUE(
      world_.AddTenant({kTenant, {"contoso.com", "contoso.onmicrosoft.com"}})
          .ok());
  ASSERT_TRUE(
      world_.AddUser(kTenant, {.upn = kMegan, .usage_location = "DE"}).ok());
  ASSERT_TRUE(world_.SignIn(kTenant, kMegan).ok());
  core::InboxRule forward;
  forward.id = "r-forward";
  forward.actions.forward_to = {"megan.backup@mail.example"};
  core::InboxRule read_only;
  read_only.id = "r-read-only";
  read_only.is_read_only = true;
  read_only.actions.redirect_to = {"x@mail.example"};
  core::InboxRule hide;
  hide.id = "r-hide";
  hide.actions.move_to_folder = core::WellKnownFolder::kDeletedItems;
  for (const core::InboxRule& rule : {forward, read_only, hide}) {
    ASSERT_TRUE(world_.AddInboxRule(kTenant, kMegan, rule).ok());
  }
  ASSERT_TRUE(world_.AddTenant({kOtherTenant, {"fabrikam.com"}}).ok());
  ASSERT_TRUE(world_.AddUser(kOtherTenant, {.upn = kAdele}).ok());
}

void ServedGraphTest::TearDown() {
  // Clients first: the server waits for its connections' threads.
  graph_.reset();
  tokens_.reset();
  http_.reset();
  server_.reset();
}

ServeOptions ServedGraphTest::Options() {
  ServeOptions options;
  options.app.client_id = kClientId;
  options.app.client_secret = kSecret;
  return options;
}

void ServedGraphTest::Serve(ServeOptions options, std::string secret) {
  auto server =
      SimServer::Start(&world_, &random_, &clock_, std::move(options));
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = std::move(*server);
  adapters::http::CurlHttpClient::Options client_options;
  client_options.ca_file = server_->ca_file();
  http_ = std::make_unique<adapters::http::CurlHttpClient>(client_options);
  tokens_ = TokenSourceWith(
      std::make_unique<ClientSecretCredential>(std::move(secret)));
  graph_ = GraphWith(tokens_.get());
}

std::unique_ptr<OAuthTokenSource> ServedGraphTest::TokenSourceWith(
    std::unique_ptr<const adapters::graph::ClientCredential> credential) {
  OAuthTokenSource::Options options;
  options.endpoint.client_id = kClientId;
  options.endpoint.login_base_url = server_->BaseUrl();
  return std::make_unique<OAuthTokenSource>(options, std::move(credential),
                                            *http_, clock_);
}

std::unique_ptr<RestGraph> ServedGraphTest::GraphWith(
    adapters::graph::TokenSource* tokens) {
  RestGraphOptions options;
  options.base_url = server_->GraphBaseUrl();
  return std::make_unique<RestGraph>(http_.get(), tokens, &clock_, options);
}

adapters::http::HttpResponse ServedGraphTest::Raw(
    adapters::http::HttpMethod method, const std::string& path,
    const std::string& token, std::string body) {
  adapters::http::HttpRequest request;
  request.method = method;
  request.url = server_->BaseUrl() + path;
  if (!token.empty()) {
    request.headers.push_back({"Authorization", "Bearer " + token});
  }
  if (!body.empty()) {
    request.headers.push_back({"Content-Type", "application/json"});
  }
  request.body = std::move(body);
  return http_->Send(request);
}

std::string ServedGraphTest::TokenOf(const std::string& tenant) {
  adapters::graph::TokenResult result = tokens_->Token(tenant);
  EXPECT_TRUE(result.ok) << result.detail;
  return result.access_token;
}

int ServedGraphTest::CountLogged(const std::string& part) {
  int count = 0;
  for (const LoggedRequest& entry : Logged()) {
    count += absl::StrContains(entry.path, part) ? 1 : 0;
  }
  return count;
}

}  // namespace cordon::sim::serve::testing
