#include "tools/bench/https_psa.h"

#include "server/core/errors.h"

namespace cordon::bench {

using cordon::v1::PsaIntegration;

absl::StatusOr<std::unique_ptr<HttpsPsa>> HttpsPsa::Start(
    const ports::Clock* clock) {
  std::unique_ptr<HttpsPsa> https(new HttpsPsa(clock));
  // The simulator always serves a Microsoft app too; nothing here uses it.
  https->serve_.app.client_id = "cordon-bench-unused-app";
  https->serve_.app.client_secret = "cordon-bench-unused-secret";
  CORDON_ASSIGN_OR_RETURN(https->server_, sim::serve::SimServer::Start(
                                              &https->world_, &https->random_,
                                              clock, https->serve_));
  adapters::psa::RestPsaSettings settings;
  settings.ca_file = https->server_->ca_file();
  settings.timeout = absl::Seconds(5);
  CORDON_ASSIGN_OR_RETURN(
      https->setup_, adapters::psa::RestPsaSetup::Create(settings, *clock));
  return https;
}

PsaIntegration HttpsPsa::Integration(PsaIntegration::Kind kind) const {
  const sim::serve::ServedPsaAccounts& served = serve_.psa;
  PsaIntegration psa;
  psa.set_kind(kind);
  psa.set_endpoint(server_->BaseUrl());
  switch (kind) {
    case PsaIntegration::CONNECTWISE:
      psa.set_company_id(served.connectwise.company_id);
      psa.set_board(*served.connectwise.boards.begin());
      psa.set_client_id(served.connectwise.client_id);
      psa.set_username(served.connectwise.public_key);
      psa.set_secret(served.connectwise.private_key);
      break;
    case PsaIntegration::AUTOTASK:
      psa.set_endpoint(server_->BaseUrl() + "/atservicesrest");
      psa.set_board(*served.autotask.queues.begin());
      psa.set_customer(*served.autotask.companies.begin());
      psa.set_client_id(served.autotask.integration_code);
      psa.set_username(served.autotask.username);
      psa.set_secret(served.autotask.secret);
      break;
    default:
      psa.set_company_id(served.halo.tenant);
      psa.set_board(*served.halo.teams.begin());
      psa.set_client_id(served.halo.client_id);
      psa.set_secret(served.halo.client_secret);
      break;
  }
  return psa;
}

}  // namespace cordon::bench
