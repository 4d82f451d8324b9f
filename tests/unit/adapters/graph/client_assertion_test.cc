#include "server/adapters/graph/client_assertion.h"

#include <sys/stat.h>

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_entropy.h"
#include "testing/self_signed_certificate.h"
#include "testing/temp_dir.h"
#include "tests/unit/adapters/graph/jwt_test_util.h"

namespace cordon::adapters::graph {
namespace client_assertion_test {

using ::cordon::testing::CertificateKeyType;
using ::testing::HasSubstr;

constexpr char kClientId[] = "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17";
constexpr char kTokenUrl[] =
    "https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token";
const absl::Time kNow = absl::FromUnixSeconds(1767225600);

class ClientAssertionTest : public ::testing::Test {
 protected:
  cordon::testing::CertificateFiles Files(CertificateKeyType type) {
    auto files =
        cordon::testing::WriteSelfSignedCertificate(directory_.path(), type);
    EXPECT_TRUE(files.ok()) << files.status();
    return files.ok() ? *files : cordon::testing::CertificateFiles();
  }

  // A signer over an RSA certificate; the files stay for checking.
  std::unique_ptr<ClientAssertionSigner> RsaSigner(
      cordon::testing::CertificateFiles& files) {
    files = Files(CertificateKeyType::kRsa2048);
    auto signer = ClientAssertionSigner::FromFiles(files.certificate_path,
                                                   files.private_key_path);
    EXPECT_TRUE(signer.ok()) << signer.status();
    return signer.ok() ? std::move(*signer) : nullptr;
  }

  static absl::Status LoadStatus(const std::string& certificate_path,
                                 const std::string& key_path) {
    return ClientAssertionSigner::FromFiles(certificate_path, key_path)
        .status();
  }

  cordon::testing::TempDir directory_;
  ports::SeededEntropy entropy_{7};
};

TEST_F(ClientAssertionTest, SignsVerifiablePs256WithDocumentedClaims) {
  cordon::testing::CertificateFiles files;
  std::unique_ptr<ClientAssertionSigner> signer = RsaSigner(files);
  ASSERT_NE(signer, nullptr);
  auto assertion = signer->Sign(kClientId, kTokenUrl, kNow, entropy_);
  ASSERT_TRUE(assertion.ok()) << assertion.status();
  EXPECT_EQ(assertion->find('='), std::string::npos) << "base64url unpadded";

  auto jwt = testing::DecodeJwt(*assertion);
  ASSERT_TRUE(jwt.has_value());
  EXPECT_TRUE(testing::VerifyPs256(*jwt, files.certificate_path));
  EXPECT_EQ(jwt->header["alg"], "PS256");
  EXPECT_EQ(jwt->header["typ"], "JWT");
  EXPECT_EQ(jwt->header["x5t#S256"],
            testing::CertificateThumbprint(files.certificate_path));
  EXPECT_EQ(signer->thumbprint_sha256(),
            testing::CertificateThumbprint(files.certificate_path));
  EXPECT_EQ(jwt->claims["aud"], kTokenUrl);
  EXPECT_EQ(jwt->claims["iss"], kClientId);
  EXPECT_EQ(jwt->claims["sub"], kClientId);
  EXPECT_EQ(jwt->claims["iat"], absl::ToUnixSeconds(kNow));
  EXPECT_EQ(jwt->claims["nbf"], absl::ToUnixSeconds(kNow));
  EXPECT_EQ(jwt->claims["exp"], absl::ToUnixSeconds(kNow + absl::Minutes(10)));
  EXPECT_EQ(jwt->claims["jti"].get<std::string>().size(), 32u);
}

TEST_F(ClientAssertionTest, TamperedAssertionDoesNotVerify) {
  cordon::testing::CertificateFiles files;
  std::unique_ptr<ClientAssertionSigner> signer = RsaSigner(files);
  ASSERT_NE(signer, nullptr);
  auto jwt =
      testing::DecodeJwt(*signer->Sign(kClientId, kTokenUrl, kNow, entropy_));
  ASSERT_TRUE(jwt.has_value());
  jwt->signing_input.back() ^= 1;
  EXPECT_FALSE(testing::VerifyPs256(*jwt, files.certificate_path));
}

TEST_F(ClientAssertionTest, EveryAssertionHasItsOwnJti) {
  cordon::testing::CertificateFiles files;
  std::unique_ptr<ClientAssertionSigner> signer = RsaSigner(files);
  ASSERT_NE(signer, nullptr);
  auto first =
      testing::DecodeJwt(*signer->Sign(kClientId, kTokenUrl, kNow, entropy_));
  auto second =
      testing::DecodeJwt(*signer->Sign(kClientId, kTokenUrl, kNow, entropy_));
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_NE(first->claims["jti"], second->claims["jti"]);
}

TEST_F(ClientAssertionTest, RefusesEcKeyForPs256) {
  const auto files = Files(CertificateKeyType::kEcP256);
  absl::Status status =
      LoadStatus(files.certificate_path, files.private_key_path);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("RSA"));
}

TEST_F(ClientAssertionTest, RefusesKeyReadableByOthers) {
  const auto files = Files(CertificateKeyType::kRsa2048);
  chmod(files.private_key_path.c_str(), 0644);
  absl::Status status =
      LoadStatus(files.certificate_path, files.private_key_path);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("0644"));
}

TEST_F(ClientAssertionTest, RefusesKeyOfAnotherCertificate) {
  const auto files = Files(CertificateKeyType::kRsa2048);
  cordon::testing::TempDir other_directory;
  auto other = cordon::testing::WriteSelfSignedCertificate(
      other_directory.path(), CertificateKeyType::kRsa2048);
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(LoadStatus(files.certificate_path, other->private_key_path).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ClientAssertionTest, RefusesMissingCertificateAndGarbagePem) {
  const auto files = Files(CertificateKeyType::kRsa2048);
  EXPECT_EQ(
      LoadStatus(directory_.path() + "/absent", files.private_key_path).code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      ClientAssertionSigner::FromPem("not a pem", "not a key").status().code(),
      absl::StatusCode::kInvalidArgument);
}

}  // namespace client_assertion_test
}  // namespace cordon::adapters::graph
