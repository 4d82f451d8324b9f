#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "server/adapters/graph/client_assertion.h"
#include "server/adapters/graph/oauth_token_source.h"
#include "server/adapters/graph/token_json.h"
#include "testing/fake_entropy.h"
#include "testing/self_signed_certificate.h"
#include "testing/temp_dir.h"
#include "tests/unit/adapters/graph/jwt_test_util.h"
#include "tests/unit/adapters/graph/token_server_fixture.h"

namespace cordon::adapters::graph::testing {
namespace oauth_token_source_certificate_test {

using CertificateCredentialTest = TokenServerTest;

// The request carries an assertion that Entra could verify against the
// uploaded certificate, for this very token URL, and no secret.
TEST_F(CertificateCredentialTest, SendsVerifiableAssertion) {
  cordon::testing::TempDir directory;
  auto files = cordon::testing::WriteSelfSignedCertificate(
      directory.path(), cordon::testing::CertificateKeyType::kRsa2048);
  ASSERT_TRUE(files.ok()) << files.status();
  auto signer = ClientAssertionSigner::FromFiles(files->certificate_path,
                                                 files->private_key_path);
  ASSERT_TRUE(signer.ok()) << signer.status();
  ports::SeededEntropy entropy(11);
  OAuthTokenSource& source =
      MakeSource(SourceOptions(), std::make_unique<CertificateCredential>(
                                      std::move(*signer), clock_, entropy));

  TokenResult result = source.Token(kTenant);
  ASSERT_TRUE(result.ok) << result.detail;
  const auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 1u);
  auto form = ParseForm(requests[0].body);
  EXPECT_EQ(form["client_id"], kClientId);
  EXPECT_EQ(form["grant_type"], "client_credentials");
  EXPECT_EQ(form["scope"], kGraphDefaultScope);
  EXPECT_EQ(form["client_assertion_type"], kJwtBearerAssertionType);
  EXPECT_EQ(form.count("client_secret"), 0u);
  auto jwt = DecodeJwt(form["client_assertion"]);
  ASSERT_TRUE(jwt.has_value());
  EXPECT_TRUE(VerifyPs256(*jwt, files->certificate_path));
  EXPECT_EQ(
      jwt->claims["aud"],
      server_->Url("/9d2c4b1a-3e5f-4a6b-8c7d-0e1f2a3b4c5d/oauth2/v2.0/token"));
  EXPECT_EQ(jwt->claims["iat"], absl::ToUnixSeconds(clock_.Now()));
  EXPECT_EQ(jwt->header["x5t#S256"],
            CertificateThumbprint(files->certificate_path));
}

}  // namespace oauth_token_source_certificate_test
}  // namespace cordon::adapters::graph::testing
