#ifndef CORDON_SERVER_ADAPTERS_PSA_REST_PSA_SETUP_H_
#define CORDON_SERVER_ADAPTERS_PSA_REST_PSA_SETUP_H_

// cordon-server's PSA settings (its --psa_* flags), checked, and what they
// build: one HTTPS client, the ConnectWise, Autotask and HaloPSA adapters
// over it, and the dispatcher that picks one by the account's kind. The
// accounts' integrations carry the credentials; nothing here is secret.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/adapters/http/curl_http_client.h"
#include "server/adapters/psa/autotask_psa.h"
#include "server/adapters/psa/connectwise_psa.h"
#include "server/adapters/psa/halo_psa.h"
#include "server/adapters/psa/psa_by_kind.h"
#include "server/adapters/psa/psa_call.h"
#include "server/ports/clock.h"

namespace cordon::adapters::psa {

struct RestPsaSettings {
  std::string ca_file;  // --psa_ca_file: trust these instead of the system
  absl::Duration timeout = absl::Seconds(30);  // --psa_timeout, per call
  // The server's address policy, run on every URL before it is asked
  // (PsaCaller's UrlCheck); empty = none.
  UrlCheck url_check;
};

class RestPsaSetup {
 public:
  // INVALID_ARGUMENT naming the flag for a timeout outside 1s..5min or a
  // CA file that cannot be read. `clock` must outlive the result.
  static absl::StatusOr<std::unique_ptr<RestPsaSetup>> Create(
      const RestPsaSettings& settings, const ports::Clock& clock);

  ports::Psa& psa() { return by_kind_; }
  // For the start-up line.
  std::string description() const;

 private:
  RestPsaSetup(const RestPsaSettings& settings, const ports::Clock& clock);

  const RestPsaSettings settings_;
  http::CurlHttpClient http_;
  PsaCaller caller_;
  ConnectWisePsa connectwise_;
  AutotaskPsa autotask_;
  HaloPsa halo_;
  PsaByKind by_kind_;
};

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_REST_PSA_SETUP_H_
