#include "server/adapters/graph/client_credential.h"

#include "server/adapters/graph/token_json.h"

namespace cordon::adapters::graph {

absl::StatusOr<std::string> ClientSecretCredential::TokenRequestBody(
    absl::string_view client_id, absl::string_view /*token_url*/) const {
  return BuildClientSecretTokenRequest(client_id, client_secret_);
}

absl::StatusOr<std::string> CertificateCredential::TokenRequestBody(
    absl::string_view client_id, absl::string_view token_url) const {
  absl::StatusOr<std::string> assertion =
      signer_->Sign(client_id, token_url, clock_.Now(), entropy_);
  if (!assertion.ok()) return assertion.status();
  return BuildClientAssertionTokenRequest(client_id, *assertion);
}

}  // namespace cordon::adapters::graph
