#include "simulator/sample_psa.h"

namespace cordon::sim {

using cordon::v1::PsaIntegration;

PsaIntegration SamplePsaIntegration(PsaIntegration::Kind kind,
                                    const std::string& board) {
  PsaIntegration psa;
  psa.set_kind(kind);
  psa.set_endpoint("https://psa.msp.example/api");
  psa.set_board(board);
  psa.set_client_id("cordon-simulated-client");
  psa.set_secret("simulated-psa-secret");
  switch (kind) {
    case PsaIntegration::CONNECTWISE:
      psa.set_company_id("mspco");
      psa.set_customer("ContosoLtd");
      psa.set_username("publickey");
      break;
    case PsaIntegration::AUTOTASK:
      psa.set_customer("29684");
      psa.set_username("cordon@msp.example");
      break;
    case PsaIntegration::HALOPSA:
      psa.set_customer("12");
      break;
    default:
      break;
  }
  return psa;
}

}  // namespace cordon::sim
