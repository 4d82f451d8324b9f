// cordon-server's Graph flags: what they refuse, naming the flag, and that
// the adapter they build performs a real call (token, then Graph) over
// loopback HTTPS.

#include "server/adapters/graph/rest_graph_setup.h"

#include <sys/stat.h>

#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/adapters/openssl_entropy.h"
#include "testing/self_signed_certificate.h"
#include "testing/temp_dir.h"
#include "tests/unit/adapters/graph/token_server_fixture.h"

namespace cordon::adapters::graph::testing {
namespace rest_graph_setup_test {

using ::cordon::testing::TempDir;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class RestGraphSetupTest : public TokenServerTest {
 protected:
  // A secret file with `mode`, holding kClientSecret.
  std::string WriteSecret(mode_t mode) {
    const std::string path = dir_.path() + "/client-secret";
    std::ofstream(path) << kClientSecret << "\n";
    ::chmod(path.c_str(), mode);
    return path;
  }

  RestGraphSettings SecretSettings() {
    RestGraphSettings settings;
    settings.client_id = kClientId;
    settings.client_secret_file = WriteSecret(0600);
    settings.graph_base_url = server_->Url("/v1.0");
    settings.login_base_url = server_->Url("");
    settings.ca_file = server_->ca_file();
    settings.timeout = absl::Seconds(10);
    return settings;
  }

  absl::Status CreateStatus(const RestGraphSettings& settings) {
    return RestGraphSetup::Create(settings, clock_, entropy_).status();
  }

  TempDir dir_;
  OpenSslEntropy entropy_;
};

void ExpectRefused(const absl::Status& status, absl::StatusCode code,
                   absl::string_view flag) {
  EXPECT_EQ(status.code(), code) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), flag)) << status;
  EXPECT_FALSE(absl::StrContains(status.message(), kClientSecret)) << status;
}

TEST_F(RestGraphSetupTest, NoGraphFlagsMeansNotConfigured) {
  EXPECT_FALSE(HasGraphSettings(RestGraphSettings{}));
  RestGraphSettings only_file;
  only_file.client_secret_file = "/x";
  EXPECT_TRUE(HasGraphSettings(only_file));
}

TEST_F(RestGraphSetupTest, MissingClientIdIsRefusedByName) {
  RestGraphSettings settings = SecretSettings();
  settings.client_id.clear();
  ExpectRefused(CreateStatus(settings), absl::StatusCode::kInvalidArgument,
                "--graph_client_id");
}

TEST_F(RestGraphSetupTest, ExactlyOneCredentialIsRequired) {
  RestGraphSettings both = SecretSettings();
  both.client_cert_file = "/some/cert.pem";
  both.client_key_file = "/some/key.pem";
  ExpectRefused(CreateStatus(both), absl::StatusCode::kInvalidArgument,
                "exactly one credential");
  RestGraphSettings none = SecretSettings();
  none.client_secret_file.clear();
  ExpectRefused(CreateStatus(none), absl::StatusCode::kInvalidArgument,
                "exactly one credential");
  RestGraphSettings cert_only = none;
  cert_only.client_cert_file = "/some/cert.pem";
  ExpectRefused(CreateStatus(cert_only), absl::StatusCode::kInvalidArgument,
                "--graph_client_key_file");
}

TEST_F(RestGraphSetupTest, UrlsMustBeHttpsWithoutHiddenParts) {
  for (const std::string url :
       {"http://graph.example", "https://", "graph.microsoft.com/v1.0",
        "https://user@graph.example", "https://graph.example/v1.0?x=1",
        "https://graph.example/#f", "https://graph example"}) {
    RestGraphSettings settings = SecretSettings();
    settings.graph_base_url = url;
    ExpectRefused(CreateStatus(settings), absl::StatusCode::kInvalidArgument,
                  "--graph_base_url");
    settings = SecretSettings();
    settings.login_base_url = url;
    ExpectRefused(CreateStatus(settings), absl::StatusCode::kInvalidArgument,
                  "--login_base_url");
  }
}

TEST_F(RestGraphSetupTest, TimeoutOutsideBoundsIsRefused) {
  for (absl::Duration timeout :
       {absl::ZeroDuration(), absl::Milliseconds(999), absl::Minutes(6)}) {
    RestGraphSettings settings = SecretSettings();
    settings.timeout = timeout;
    ExpectRefused(CreateStatus(settings), absl::StatusCode::kInvalidArgument,
                  "--graph_timeout");
  }
}

// DESIGN rule 7: a secret others can read is refused, and not echoed.
TEST_F(RestGraphSetupTest, SecretFileReadableByOthersIsRefused) {
  RestGraphSettings settings = SecretSettings();
  settings.client_secret_file = WriteSecret(0644);
  ExpectRefused(CreateStatus(settings), absl::StatusCode::kFailedPrecondition,
                settings.client_secret_file);
}

TEST_F(RestGraphSetupTest, CaFileThatCannotBeReadIsRefused) {
  RestGraphSettings settings = SecretSettings();
  settings.ca_file = dir_.path() + "/missing-ca.pem";
  ExpectRefused(CreateStatus(settings), absl::StatusCode::kInvalidArgument,
                "--graph_ca_file");
}

// ISO-3 over the wire: the flags' adapter gets a token with the secret and
// revokes with it.
TEST_F(RestGraphSetupTest, Iso3SecretSettingsRevokeOverHttps) {
  server_->Handle("POST", "/v1.0/users/[^/]+/revokeSignInSessions",
                  [](const httplib::Request&, httplib::Response& response) {
                    response.status = 204;
                  });
  auto setup = RestGraphSetup::Create(SecretSettings(), clock_, entropy_);
  ASSERT_TRUE(setup.ok()) << setup.status();
  EXPECT_THAT(
      (*setup)->description(),
      EndsWith(absl::StrCat(" as app ", kClientId, " with its client secret")));

  const core::GraphCallOutcome outcome = (*setup)->graph().RevokeSignInSessions(
      {kTenant, "megan.bowen@contoso.com"});
  EXPECT_EQ(outcome.http_status, 204);
  const auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_TRUE(absl::StrContains(requests[0].path, "/oauth2/v2.0/token"));
  EXPECT_TRUE(absl::StrContains(requests[0].body, "client_id="));
  EXPECT_EQ(
      requests[1].headers.find("Authorization")->second.rfind("Bearer ", 0),
      0u);
}

TEST_F(RestGraphSetupTest, CertificateSettingsNameTheThumbprint) {
  auto files = cordon::testing::WriteSelfSignedCertificate(
      dir_.path(), cordon::testing::CertificateKeyType::kRsa2048);
  ASSERT_TRUE(files.ok()) << files.status();
  RestGraphSettings settings = SecretSettings();
  settings.client_secret_file.clear();
  settings.client_cert_file = files->certificate_path;
  settings.client_key_file = files->private_key_path;
  auto setup = RestGraphSetup::Create(settings, clock_, entropy_);
  ASSERT_TRUE(setup.ok()) << setup.status();
  EXPECT_THAT((*setup)->description(),
              HasSubstr(" with its certificate x5t#S256 "));
}

// The start-up line names the checked base URL (trailing '/' gone), not the
// flag as typed.
TEST_F(RestGraphSetupTest, DescriptionNamesTheCheckedBaseUrl) {
  RestGraphSettings settings = SecretSettings();
  const std::string base = settings.graph_base_url;
  settings.graph_base_url = base + "//";
  auto setup = RestGraphSetup::Create(settings, clock_, entropy_);
  ASSERT_TRUE(setup.ok()) << setup.status();
  EXPECT_THAT((*setup)->description(), StartsWith(base + " as app "));
}

}  // namespace rest_graph_setup_test
}  // namespace cordon::adapters::graph::testing
