#ifndef CORDON_SERVER_CORE_ESCALATION_ESCALATION_NAME_H_
#define CORDON_SERVER_CORE_ESCALATION_ESCALATION_NAME_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/resource_name.h"

namespace cordon::core {

// accounts/{a}/escalations/{e}: escalations belong to the account, not to an
// organization (ESC-5: organization users never see them).
struct EscalationName {
  uint64_t account = 0;
  uint64_t escalation = 0;
  AccountName parent() const { return {account}; }
  std::string ToString() const;
};

// INVALID_ARGUMENT (saying which form was expected) when `name` is not of
// the form accounts/{a}/escalations/{e} with positive decimal ids.
absl::StatusOr<EscalationName> ParseEscalationName(absl::string_view name);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_ESCALATION_NAME_H_
