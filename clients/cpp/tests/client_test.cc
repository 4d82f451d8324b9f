// The SDK's generic call, pager and update against a fake IdentityService
// served by real gRPC on port 0 (no sleeps: backoff waits are recorded).
#include "cordon/client/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>

#include "clients/cpp/tests/fake_server.h"
#include "cordon/v1/identity.grpc.pb.h"

namespace cordon::client {
namespace client_test {

using testing::CordonError;
using ::testing::ElementsAre;
using testing::FakeServer;
using ::testing::HasSubstr;

class FakeIdentities final : public v1::IdentityService::Service {
 public:
  // CreateIdentity answers UNAVAILABLE this many times first.
  int unavailable = 0;
  // ListIdentities serves identities/0..count-1, `page` per page.
  int count = 5;
  int page = 2;

  grpc::Status CreateIdentity(grpc::ServerContext* context,
                              const v1::CreateIdentityRequest* request,
                              v1::Identity* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    request_ids_.push_back(request->request_id());
    auto auth = context->client_metadata().find("authorization");
    authorizations_.emplace_back(
        auth == context->client_metadata().end()
            ? ""
            : std::string(auth->second.data(), auth->second.size()));
    deadlines_.push_back(absl::FromChrono(context->deadline()));
    if (unavailable-- > 0) return grpc::Status(grpc::UNAVAILABLE, "down");
    *response = request->identity();
    response->set_name(request->parent() + "/identities/1");
    return grpc::Status::OK;
  }

  grpc::Status GetIdentity(grpc::ServerContext* context,
                           const v1::GetIdentityRequest* request,
                           v1::Identity* response) override {
    if (request->name() == "slow") {
      // Holds the call until the client's deadline cancels it.
      while (!context->IsCancelled()) absl::SleepFor(absl::Milliseconds(5));
      return grpc::Status(grpc::CANCELLED, "gone");
    }
    if (request->name() == "bad") {
      return CordonError(grpc::INVALID_ARGUMENT, "upn is required",
                         "INVALID_ARGUMENT", "identity.upn");
    }
    response->set_name(request->name());
    return grpc::Status::OK;
  }

  grpc::Status ListIdentities(grpc::ServerContext*,
                              const v1::ListIdentitiesRequest* request,
                              v1::ListIdentitiesResponse* response) override {
    if (request->page_token() == "broken") {
      return grpc::Status(grpc::PERMISSION_DENIED, "no");
    }
    const int start =
        request->page_token().empty() ? 0 : std::stoi(request->page_token());
    for (int i = start; i < std::min(count, start + page); ++i) {
      response->add_identities()->set_name(absl::StrCat("identities/", i));
    }
    if (start + page < count) {
      response->set_next_page_token(start + page == 4 && break_at_4
                                        ? "broken"
                                        : std::to_string(start + page));
    }
    return grpc::Status::OK;
  }

  grpc::Status UpdateIdentity(grpc::ServerContext*,
                              const v1::UpdateIdentityRequest* request,
                              v1::Identity* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++updates_;
    masks_.assign(request->update_mask().paths().begin(),
                  request->update_mask().paths().end());
    if (request->identity().etag() != "e2") {
      return CordonError(grpc::ABORTED, "etag mismatch", "ETAG_MISMATCH");
    }
    *response = request->identity();
    response->set_etag("e3");
    return grpc::Status::OK;
  }

  bool break_at_4 = false;
  std::vector<std::string> request_ids() {
    std::lock_guard<std::mutex> lock(mu_);
    return request_ids_;
  }
  std::vector<std::string> authorizations() {
    std::lock_guard<std::mutex> lock(mu_);
    return authorizations_;
  }
  std::vector<absl::Time> deadlines() {
    std::lock_guard<std::mutex> lock(mu_);
    return deadlines_;
  }
  int updates() {
    std::lock_guard<std::mutex> lock(mu_);
    return updates_;
  }
  std::vector<std::string> masks() {
    std::lock_guard<std::mutex> lock(mu_);
    return masks_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> request_ids_;
  std::vector<std::string> authorizations_;
  std::vector<absl::Time> deadlines_;
  std::vector<std::string> masks_;
  int updates_ = 0;
};

class ClientTest : public ::testing::Test {
 protected:
  v1::CreateIdentityRequest Create() {
    v1::CreateIdentityRequest request;
    request.set_parent("accounts/1/organizations/2");
    request.mutable_identity()->set_upn("ann@contoso.com");
    return request;
  }

  FakeIdentities identities_;
  FakeServer server_{{&identities_}};
  std::vector<absl::Duration> waits_;
};

// UNAVAILABLE twice, then OK: three attempts carrying one generated
// request_id (the server answers a repeat with the first result), the API key
// on each, and two growing, jittered waits.
TEST_F(ClientTest, RetriesUnavailableWithOneRequestId) {
  identities_.unavailable = 2;
  Client client = server_.MakeClient(&waits_);
  absl::StatusOr<v1::Identity> created =
      client.Call(&v1::IdentityService::Stub::CreateIdentity, Create());
  ASSERT_TRUE(created.ok()) << FormatError(created.status());
  EXPECT_EQ(created->name(), "accounts/1/organizations/2/identities/1");
  const std::vector<std::string> ids = identities_.request_ids();
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0].size(), 36u) << ids[0];
  EXPECT_EQ(ids[1], ids[0]);
  EXPECT_EQ(ids[2], ids[0]);
  EXPECT_THAT(
      identities_.authorizations(),
      ElementsAre("Bearer test-key", "Bearer test-key", "Bearer test-key"));
  ASSERT_EQ(waits_.size(), 2u);
  EXPECT_GE(waits_[0], absl::Milliseconds(80));
  EXPECT_LE(waits_[0], absl::Milliseconds(120));
  EXPECT_GE(waits_[1], absl::Milliseconds(160));
  EXPECT_LE(waits_[1], absl::Milliseconds(240));
}

// A caller's own request_id is kept; two calls get two different ids.
TEST_F(ClientTest, KeepsCallersRequestIdAndGeneratesFreshOnes) {
  Client client = server_.MakeClient(&waits_);
  v1::CreateIdentityRequest mine = Create();
  mine.set_request_id("mine-1");
  ASSERT_TRUE(
      client.Call(&v1::IdentityService::Stub::CreateIdentity, mine).ok());
  ASSERT_TRUE(
      client.Call(&v1::IdentityService::Stub::CreateIdentity, Create()).ok());
  ASSERT_TRUE(
      client.Call(&v1::IdentityService::Stub::CreateIdentity, Create()).ok());
  const std::vector<std::string> ids = identities_.request_ids();
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], "mine-1");
  EXPECT_NE(ids[1], ids[2]);
}

// Attempts are bounded: UNAVAILABLE forever ends after max_attempts with
// the server's UNAVAILABLE.
TEST_F(ClientTest, GivesUpAfterMaxAttempts) {
  identities_.unavailable = 100;
  ClientOptions options;
  options.retry.max_attempts = 3;
  Client client = server_.MakeClient(&waits_, options);
  absl::StatusOr<v1::Identity> created =
      client.Call(&v1::IdentityService::Stub::CreateIdentity, Create());
  EXPECT_TRUE(absl::IsUnavailable(created.status()));
  EXPECT_EQ(identities_.request_ids().size(), 3u);
  EXPECT_EQ(waits_.size(), 2u);
}

// Retries stay within the deadline: a wait that would pass it is not taken.
TEST_F(ClientTest, DoesNotRetryPastTheDeadline) {
  identities_.unavailable = 100;
  ClientOptions options;
  options.retry.initial_backoff = absl::Seconds(20);
  Client client = server_.MakeClient(&waits_, options);
  CallOptions call;
  call.deadline = absl::Seconds(10);
  EXPECT_TRUE(absl::IsUnavailable(
      client.Call(&v1::IdentityService::Stub::CreateIdentity, Create(), call)
          .status()));
  EXPECT_EQ(identities_.request_ids().size(), 1u);
  EXPECT_TRUE(waits_.empty());
}

// Every call carries the default deadline (30 s unless set).
TEST_F(ClientTest, SendsTheDefaultDeadline) {
  ClientOptions options;
  options.default_deadline = absl::Seconds(42);
  Client client = server_.MakeClient(&waits_, options);
  const absl::Time before = absl::Now();
  ASSERT_TRUE(
      client.Call(&v1::IdentityService::Stub::CreateIdentity, Create()).ok());
  const absl::Time after = absl::Now();
  ASSERT_EQ(identities_.deadlines().size(), 1u);
  const absl::Time deadline = identities_.deadlines()[0];
  EXPECT_GE(deadline, before + absl::Seconds(41));
  EXPECT_LE(deadline, after + absl::Seconds(43));
}

// A server that does not answer in time: DEADLINE_EXCEEDED, not retried.
TEST_F(ClientTest, SlowCallEndsAtItsDeadline) {
  Client client = server_.MakeClient(&waits_);
  v1::GetIdentityRequest request;
  request.set_name("slow");
  CallOptions call;
  call.deadline = absl::Milliseconds(100);
  absl::StatusOr<v1::Identity> got =
      client.Call(&v1::IdentityService::Stub::GetIdentity, request, call);
  EXPECT_TRUE(absl::IsDeadlineExceeded(got.status())) << got.status();
  EXPECT_TRUE(waits_.empty());
}

// The server's google.rpc.Status details, decoded and on one line.
TEST_F(ClientTest, DecodesReasonAndFieldViolations) {
  Client client = server_.MakeClient(&waits_);
  v1::GetIdentityRequest request;
  request.set_name("bad");
  absl::Status status =
      client.Call(&v1::IdentityService::Stub::GetIdentity, request).status();
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_EQ(status.message(), "upn is required");
  EXPECT_EQ(ErrorReason(status), "INVALID_ARGUMENT");
  EXPECT_EQ(GetErrorDetails(status).domain, "cordon");
  ASSERT_EQ(BadFields(status).size(), 1u);
  EXPECT_EQ(BadFields(status)[0].field, "identity.upn");
  EXPECT_EQ(FormatError(status),
            "INVALID_ARGUMENT: upn is required (reason INVALID_ARGUMENT; "
            "field identity.upn)");
  EXPECT_THAT(FormatError(status), ::testing::Not(HasSubstr("test-key")));
}

// A status with no details reads as code and message.
TEST(ErrorsTest, FormatsPlainStatus) {
  EXPECT_EQ(FormatError(absl::NotFoundError("no such identity")),
            "NOT_FOUND: no such identity");
  EXPECT_EQ(FormatError(absl::OkStatus()), "OK");
  EXPECT_EQ(FormatError(absl::UnimplementedError("")), "UNIMPLEMENTED");
  EXPECT_EQ(ErrorReason(absl::NotFoundError("x")), "");
}

// The pager walks every page; a fresh loop starts over.
TEST_F(ClientTest, PagerReadsEveryPage) {
  Client client = server_.MakeClient(&waits_);
  Pager<v1::Identity> all = client.Identities("accounts/1/organizations/2");
  std::vector<std::string> names;
  for (const absl::StatusOr<v1::Identity>& identity : all) {
    ASSERT_TRUE(identity.ok());
    names.push_back(identity->name());
  }
  EXPECT_THAT(names, ElementsAre("identities/0", "identities/1", "identities/2",
                                 "identities/3", "identities/4"));
  absl::StatusOr<std::vector<v1::Identity>> again = all.All();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->size(), 5u);
}

// A page that fails ends the range with one item holding the error.
TEST_F(ClientTest, PagerStopsAtAFailedPage) {
  identities_.break_at_4 = true;
  Client client = server_.MakeClient(&waits_);
  std::vector<absl::Status> seen;
  for (const auto& identity : client.Identities("accounts/1/organizations/2")) {
    seen.push_back(identity.status());
  }
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_TRUE(absl::IsPermissionDenied(seen.back()));
  EXPECT_TRUE(absl::IsPermissionDenied(
      client.Identities("accounts/1/organizations/2").All().status()));
}

// The descriptor-driven pager (for cordonctl) sees the same pages.
TEST_F(ClientTest, ListAllByMethodName) {
  Client client = server_.MakeClient(&waits_);
  v1::ListIdentitiesRequest request;
  request.set_parent("accounts/1/organizations/2");
  int pages = 0;
  int items = 0;
  absl::Status status = client.ListAll(
      "/cordon.v1.IdentityService/ListIdentities", request,
      v1::ListIdentitiesResponse(), [&](const google::protobuf::Message& page) {
        ++pages;
        items += static_cast<const v1::ListIdentitiesResponse&>(page)
                     .identities_size();
        return absl::OkStatus();
      });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(items, 5);
}

// CallUnary by name retries and fills request_id like the typed call.
TEST_F(ClientTest, CallUnaryByNameRetriesWithRequestId) {
  identities_.unavailable = 1;
  Client client = server_.MakeClient(&waits_);
  v1::Identity created;
  absl::Status status = client.CallUnary(
      "/cordon.v1.IdentityService/CreateIdentity", Create(), &created);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(created.upn(), "ann@contoso.com");
  const std::vector<std::string> ids = identities_.request_ids();
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_FALSE(ids[0].empty());
  EXPECT_EQ(ids[0], ids[1]);
}

// Update sends the etag it was given and the mask; a stale etag is ABORTED,
// returned after one attempt (never retried blindly).
TEST_F(ClientTest, UpdateCarriesEtagAndMask) {
  Client client = server_.MakeClient(&waits_);
  v1::Identity identity;
  identity.set_name("accounts/1/organizations/2/identities/3");
  identity.set_excluded_from_isolation(true);
  identity.set_etag("e1");
  absl::StatusOr<v1::Identity> stale =
      client.Update(&v1::IdentityService::Stub::UpdateIdentity, identity,
                    {"excluded_from_isolation"});
  EXPECT_TRUE(absl::IsAborted(stale.status()));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");
  EXPECT_EQ(identities_.updates(), 1);
  EXPECT_THAT(identities_.masks(), ElementsAre("excluded_from_isolation"));
  identity.set_etag("e2");
  absl::StatusOr<v1::Identity> updated =
      client.Update(&v1::IdentityService::Stub::UpdateIdentity, identity,
                    {"excluded_from_isolation"});
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->etag(), "e3");
}

// A path the resource does not have is refused before anything is sent.
TEST_F(ClientTest, UpdateRefusesUnknownPath) {
  Client client = server_.MakeClient(&waits_);
  v1::Identity identity;
  identity.set_etag("e2");
  absl::StatusOr<v1::Identity> updated = client.Update(
      &v1::IdentityService::Stub::UpdateIdentity, identity, {"isolation.nope"});
  EXPECT_TRUE(absl::IsInvalidArgument(updated.status()));
  EXPECT_THAT(updated.status().message(), HasSubstr("isolation.nope"));
  EXPECT_EQ(identities_.updates(), 0);
  EXPECT_TRUE(absl::IsInvalidArgument(
      client.Update(&v1::IdentityService::Stub::UpdateIdentity, identity, {})
          .status()));
}

}  // namespace client_test
}  // namespace cordon::client
