#ifndef CORDON_SERVER_ADAPTERS_PSA_CONNECTWISE_JSON_H_
#define CORDON_SERVER_ADAPTERS_PSA_CONNECTWISE_JSON_H_

// ConnectWise PSA's answers (tests/contract/psa/connectwise_*.json), read
// with checks: a malformed or huge body is an error, never a crash.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/adapters/psa/ticket_tag.h"

namespace cordon::adapters::psa {

// GET https://{site}/login/companyinfo/{companyId}: the REST API's base,
// "https://{SiteUrl}/{Codebase}apis/3.0". SiteUrl must be a bare
// host[:port] and Codebase a path like "v4_6_release/", so the answer
// cannot point the adapter at a URL with a second meaning.
absl::StatusOr<std::string> ReadConnectWiseApiBase(absl::string_view body);

// POST .../service/tickets answers the ticket: its "id".
absl::StatusOr<std::string> ReadConnectWiseTicketId(absl::string_view body);

// GET .../service/tickets?conditions=...: an array of {id, summary}.
absl::StatusOr<std::vector<FoundTicket>> ReadConnectWiseTickets(
    absl::string_view body);

// An error body {"code","message","errors":[{"code","message","field"}]}
// as words: "message (field: message)"; "" when unreadable.
std::string ConnectWiseErrorWords(absl::string_view body);

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_CONNECTWISE_JSON_H_
