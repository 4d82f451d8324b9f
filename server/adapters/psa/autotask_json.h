#ifndef CORDON_SERVER_ADAPTERS_PSA_AUTOTASK_JSON_H_
#define CORDON_SERVER_ADAPTERS_PSA_AUTOTASK_JSON_H_

// Autotask REST's answers (tests/contract/psa/autotask_*.json), read with
// checks: a malformed or huge body is an error, never a crash.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/adapters/psa/ticket_tag.h"

namespace cordon::adapters::psa {

// GET {lookup}/v1.0/zoneInformation?user=...: the zone's REST base,
// "{url}v1.0" with url an https URL.
absl::StatusOr<std::string> ReadAutotaskApiBase(absl::string_view body);

// POST .../Tickets and .../Tickets/{id}/Notes answer {"itemId": N}.
absl::StatusOr<std::string> ReadAutotaskItemId(absl::string_view body);

// POST .../Tickets/query answers {"items":[{id,title}],"pageDetails":{}}.
absl::StatusOr<std::vector<FoundTicket>> ReadAutotaskTickets(
    absl::string_view body);

// {"errors":["...", ...]} as words joined by "; "; "" when unreadable.
std::string AutotaskErrorWords(absl::string_view body);

// Whether Autotask's words describe a request it will never accept (a
// queue, company or picklist value that does not exist, a required field
// missing). Autotask answers these with HTTP 500 like its real failures,
// so only the words tell them apart.
bool IsAutotaskValidationError(absl::string_view words);

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_AUTOTASK_JSON_H_
