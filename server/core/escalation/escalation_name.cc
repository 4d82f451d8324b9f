#include "server/core/escalation/escalation_name.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace cordon::core {
namespace {

// A positive id in the canonical decimal form the server writes.
bool ParseId(absl::string_view digits, uint64_t* id) {
  return !digits.empty() && digits.size() <= 19 &&
         digits.find_first_not_of("0123456789") == absl::string_view::npos &&
         absl::SimpleAtoi(digits, id) && *id != 0;
}

}  // namespace

std::string EscalationName::ToString() const {
  return absl::StrCat("accounts/", account, "/escalations/", escalation);
}

absl::StatusOr<EscalationName> ParseEscalationName(absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  EscalationName parsed;
  if (parts.size() != 4 || parts[0] != "accounts" ||
      parts[2] != "escalations" || !ParseId(parts[1], &parsed.account) ||
      !ParseId(parts[3], &parsed.escalation)) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", name.substr(0, 200),
                     "\" is not a resource name of the form "
                     "accounts/{id}/escalations/{id}"));
  }
  return parsed;
}

}  // namespace cordon::core
