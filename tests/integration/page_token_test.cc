// Page tokens are authenticated as a whole (issue 8 defect 7): a token is
// accepted only exactly as this server issued it, for the query that
// produced it, and keeps working across a restart. Anything else is
// INVALID_ARGUMENT naming page_token. (Paging with valid tokens is pinned
// by each service's own List tests.)

#include <cstring>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace page_token_test {

constexpr char kBase64Url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

class PageTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = api_.CreateAccount("MSP");
    for (const char* name : {"One", "Two", "Three"}) {
      api_.CreateOrganization(account_, name);
    }
  }

  grpc::Status List(const std::string& token,
                    v1::ListOrganizationsResponse* out,
                    const std::string& filter = "") {
    v1::ListOrganizationsRequest request;
    request.set_parent(account_);
    request.set_page_size(1);
    request.set_page_token(token);
    request.set_filter(filter);
    return api_.organizations().ListOrganizations(api_.Soc().get(), request,
                                                  out);
  }

  // The token that continues after the first organization.
  std::string SecondPageToken() {
    v1::ListOrganizationsResponse first;
    EXPECT_TRUE(List("", &first).ok());
    EXPECT_FALSE(first.next_page_token().empty());
    return first.next_page_token();
  }

  void ExpectRefused(const std::string& token, const std::string& what) {
    v1::ListOrganizationsResponse out;
    grpc::Status status = List(token, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << what << ": " << out.ShortDebugString();
    EXPECT_EQ(testing::BadFieldOf(status), "page_token") << what;
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  std::string account_;
};

TEST_F(PageTokenTest, EveryChangedCharacterIsRefused) {
  const std::string token = SecondPageToken();
  for (size_t i = 0; i < token.size(); ++i) {
    // The next letter of the alphabet flips the lowest bits, which in the
    // last character may be padding: a token is taken only as issued.
    std::string forged = token;
    const char* at = strchr(kBase64Url, token[i]);
    ASSERT_NE(at, nullptr) << "not base64url: " << token;
    forged[i] = kBase64Url[(at - kBase64Url + 1) % 64];
    ExpectRefused(forged, absl::StrCat("character ", i));
  }
  ExpectRefused(token.substr(0, token.size() - 1), "shortened");
  ExpectRefused(token + "A", "lengthened");
}

TEST_F(PageTokenTest, EveryFlippedByteIsRefused) {
  const std::string token = SecondPageToken();
  std::string raw;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(token, &raw));
  for (size_t i = 0; i < raw.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80}) {
      std::string forged = raw;
      forged[i] = static_cast<char>(forged[i] ^ mask);
      ExpectRefused(absl::WebSafeBase64Escape(forged),
                    absl::StrCat("byte ", i, " ^ ", mask));
    }
  }
}

TEST_F(PageTokenTest, TokenOfAnotherQueryIsRefused) {
  const std::string token = SecondPageToken();
  v1::ListOrganizationsResponse out;
  grpc::Status status = List(token, &out, "excluded_from_isolation = false");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "page_token");

  // The same position from another List method.
  v1::ListUsersRequest users;
  users.set_parent(account_);
  users.set_page_token(token);
  v1::ListUsersResponse listed;
  status = api_.users().ListUsers(api_.Soc().get(), users, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "page_token");
}

TEST_F(PageTokenTest, TokenIssuedBeforeARestartIsAcceptedAfterIt) {
  const std::string token = SecondPageToken();
  server_.Restart();
  api_.Connect();
  v1::ListOrganizationsResponse page;
  grpc::Status status = List(token, &page);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(page.organizations_size(), 1);
  EXPECT_EQ(page.organizations(0).display_name(), "Two");
}

}  // namespace page_token_test
}  // namespace cordon
