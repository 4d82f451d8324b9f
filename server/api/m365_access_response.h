#ifndef CORDON_SERVER_API_M365_ACCESS_RESPONSE_H_
#define CORDON_SERVER_API_M365_ACCESS_RESPONSE_H_

#include "cordon/v1/organization.pb.h"
#include "server/engine/tenancy/m365_access_check.h"

namespace cordon::api {

// CheckM365Access's answer: the engine's findings with each AADSTS code's
// meaning and remedy and each permission's purpose, in words an MSP admin
// understands (docs/m365-setup.md).
cordon::v1::CheckM365AccessResponse ToCheckM365AccessResponse(
    const engine::M365AccessOutcome& outcome);

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_M365_ACCESS_RESPONSE_H_
