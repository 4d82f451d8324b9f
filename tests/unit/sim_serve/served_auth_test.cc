// The served token endpoint and bearer checks: what the real adapter sees
// for each credential and each AADSTS refusal (ISO-11).

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "server/adapters/graph/client_assertion.h"
#include "server/core/isolation/graph_error.h"
#include "testing/fake_entropy.h"
#include "testing/self_signed_certificate.h"
#include "testing/temp_dir.h"
#include "tests/unit/sim_serve/served_graph_fixture.h"

namespace cordon::sim::serve::testing {
namespace served_auth_test {

using adapters::graph::CertificateCredential;
using adapters::graph::ClientAssertionSigner;
using adapters::http::HttpMethod;
using core::ErrorClass;

std::string ReadFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "r");
  std::string text;
  char buffer[4096];
  size_t read = 0;
  while (file != nullptr &&
         (read = std::fread(buffer, 1, sizeof(buffer), file)) > 0) {
    text.append(buffer, read);
  }
  if (file != nullptr) std::fclose(file);
  return text;
}

class ServedAuthTest : public ServedGraphTest {
 protected:
  // A certificate credential signed by a fresh RSA key; the server has
  // this certificate registered, or (register_it false) another one.
  std::unique_ptr<adapters::graph::RestGraph> CertificateGraph(
      bool register_it) {
    auto files = cordon::testing::WriteSelfSignedCertificate(
        directory_.path(), cordon::testing::CertificateKeyType::kRsa2048);
    EXPECT_TRUE(files.ok()) << files.status();
    ServeOptions options = Options();
    options.app.client_secret = "";
    options.app.client_certificate_pem = ReadFile(files->certificate_path);
    if (!register_it) {
      cordon::testing::TempDir other;
      auto other_files = cordon::testing::WriteSelfSignedCertificate(
          other.path(), cordon::testing::CertificateKeyType::kRsa2048);
      options.app.client_certificate_pem =
          ReadFile(other_files->certificate_path);
    }
    Serve(options);
    auto signer = ClientAssertionSigner::FromFiles(files->certificate_path,
                                                   files->private_key_path);
    EXPECT_TRUE(signer.ok()) << signer.status();
    certificate_tokens_ =
        TokenSourceWith(std::make_unique<CertificateCredential>(
            std::move(*signer), clock_, entropy_));
    return GraphWith(certificate_tokens_.get());
  }

  void TearDown() override {
    certificate_graph_.reset();
    certificate_tokens_.reset();
    ServedGraphTest::TearDown();
  }

  cordon::testing::TempDir directory_;
  ports::SeededEntropy entropy_{5};
  std::unique_ptr<adapters::graph::OAuthTokenSource> certificate_tokens_;
  std::unique_ptr<adapters::graph::RestGraph> certificate_graph_;
};

TEST_F(ServedAuthTest, Iso3CertificateCredentialRevokes) {
  certificate_graph_ = CertificateGraph(/*register_it=*/true);
  const core::GraphCallOutcome outcome =
      certificate_graph_->RevokeSignInSessions(Megan());
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), ErrorClass::kSuccess);
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 0);
}

TEST_F(ServedAuthTest, Iso11UnregisteredCertificateIsAadsts700027) {
  certificate_graph_ = CertificateGraph(/*register_it=*/false);
  const core::GraphCallOutcome outcome =
      certificate_graph_->RevokeSignInSessions(Megan());
  EXPECT_EQ(outcome.aadsts_code, "AADSTS700027");
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome),
            ErrorClass::kTenantInaccessible);
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 1);
}

TEST_F(ServedAuthTest, Iso11WrongSecretIsAadsts7000215) {
  Serve(Options(), "not-the-secret");
  const core::GraphCallOutcome outcome = graph_->RevokeSignInSessions(Megan());
  EXPECT_EQ(outcome.http_status, 401);
  EXPECT_EQ(outcome.aadsts_code, "AADSTS7000215");
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome),
            ErrorClass::kTenantInaccessible);
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 1);
}

TEST_F(ServedAuthTest, Iso11UnknownTenantIsAadsts90002) {
  Serve();
  const core::GraphCallOutcome outcome = graph_->RevokeSignInSessions(
      {"11111111-2222-4333-8444-555555555555", kMegan});
  EXPECT_EQ(outcome.aadsts_code, "AADSTS90002");
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome),
            ErrorClass::kTenantInaccessible);
}

// The per-tenant AADSTS knob refuses one tenant, leaves the other alone,
// and an admin fixing consent (an empty code) lets it through again.
TEST_F(ServedAuthTest, Iso11TenantAadstsFaultAppNotInTenant) {
  ServeOptions options = Options();
  options.faults.tenant_aadsts[kTenant] = "AADSTS700016";
  Serve(options);
  core::GraphCallOutcome outcome = graph_->RevokeSignInSessions(Megan());
  EXPECT_EQ(outcome.aadsts_code, "AADSTS700016");
  EXPECT_EQ(outcome.http_status, 400);
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome),
            ErrorClass::kTenantInaccessible);
  ports::GraphUser user;
  EXPECT_EQ(core::ClassifyGraphOutcome(
                graph_->GetUser({kOtherTenant, kAdele}, &user)),
            ErrorClass::kSuccess);
  server_->faults().SetTenantAadsts(kTenant, "");
  outcome = graph_->RevokeSignInSessions(Megan());
  EXPECT_EQ(core::ClassifyGraphOutcome(outcome), ErrorClass::kSuccess);
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 0);
}

TEST_F(ServedAuthTest, GraphCallWithoutTokenIs401) {
  Serve();
  auto response = Raw(HttpMethod::kPost,
                      "/v1.0/users/megan@contoso.com/revokeSignInSessions", "");
  EXPECT_EQ(response.status, 401);
  EXPECT_NE(response.body.find("InvalidAuthenticationToken"),
            std::string::npos);
  response =
      Raw(HttpMethod::kPost,
          "/v1.0/users/megan@contoso.com/revokeSignInSessions", "made-up");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 1);
}

TEST_F(ServedAuthTest, ExpiredTokenIs401) {
  Serve();
  const std::string token = TokenOf(kTenant);
  clock_.Advance(absl::Hours(1) + absl::Seconds(1));
  auto response =
      Raw(HttpMethod::kPost,
          "/v1.0/users/megan@contoso.com/revokeSignInSessions", token);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 1);
}

// A token of another tenant never reaches this tenant's users.
TEST_F(ServedAuthTest, ForeignTenantTokenIs401) {
  Serve();
  const std::string foreign = TokenOf(kOtherTenant);
  auto response =
      Raw(HttpMethod::kPost,
          "/v1.0/users/megan@contoso.com/revokeSignInSessions", foreign);
  EXPECT_EQ(response.status, 401);
  EXPECT_NE(response.body.find("InvalidAuthenticationToken"),
            std::string::npos);
  EXPECT_EQ(world_.SessionCount(kTenant, kMegan), 1);
}

}  // namespace served_auth_test
}  // namespace cordon::sim::serve::testing
