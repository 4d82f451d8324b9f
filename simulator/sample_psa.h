#ifndef CORDON_SIMULATOR_SAMPLE_PSA_H_
#define CORDON_SIMULATOR_SAMPLE_PSA_H_

#include <string>

#include "cordon/v1/account.pb.h"

namespace cordon::sim {

// A complete, valid PSA integration of `kind` (every field the product
// needs, issue 11), for scenarios and tests: made-up hosts and ids, the
// secret "simulated-psa-secret". `board` must be numeric for AUTOTASK.
cordon::v1::PsaIntegration SamplePsaIntegration(
    cordon::v1::PsaIntegration::Kind kind, const std::string& board);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SAMPLE_PSA_H_
