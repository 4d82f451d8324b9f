#ifndef CORDON_SERVER_ADAPTERS_GRAPH_CLIENT_CREDENTIAL_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_CLIENT_CREDENTIAL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/adapters/graph/client_assertion.h"
#include "server/ports/clock.h"
#include "server/ports/entropy.h"

namespace cordon::adapters::graph {

// How the app proves who it is to the token endpoint: a client secret or a
// certificate (--graph_client_secret_file, or --graph_client_cert_file with
// --graph_client_key_file). Thread safe.
class ClientCredential {
 public:
  virtual ~ClientCredential() = default;

  // The form-encoded body of a client credentials request to `token_url`.
  // It carries the credential: never log it (DESIGN rule 7).
  virtual absl::StatusOr<std::string> TokenRequestBody(
      absl::string_view client_id, absl::string_view token_url) const = 0;
};

class ClientSecretCredential final : public ClientCredential {
 public:
  explicit ClientSecretCredential(std::string client_secret)
      : client_secret_(std::move(client_secret)) {}

  absl::StatusOr<std::string> TokenRequestBody(
      absl::string_view client_id, absl::string_view token_url) const override;

 private:
  const std::string client_secret_;
};

// Signs a fresh assertion per request, so none outlives its request.
class CertificateCredential final : public ClientCredential {
 public:
  CertificateCredential(std::unique_ptr<ClientAssertionSigner> signer,
                        const ports::Clock& clock, ports::Entropy& entropy)
      : signer_(std::move(signer)), clock_(clock), entropy_(entropy) {}

  absl::StatusOr<std::string> TokenRequestBody(
      absl::string_view client_id, absl::string_view token_url) const override;

 private:
  const std::unique_ptr<ClientAssertionSigner> signer_;
  const ports::Clock& clock_;
  ports::Entropy& entropy_;
};

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_CLIENT_CREDENTIAL_H_
