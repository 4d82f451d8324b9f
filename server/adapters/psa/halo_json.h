#ifndef CORDON_SERVER_ADAPTERS_PSA_HALO_JSON_H_
#define CORDON_SERVER_ADAPTERS_PSA_HALO_JSON_H_

// HaloPSA's answers (tests/contract/psa/halopsa_*.json), read with checks:
// a malformed or huge body is an error, never a crash.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/adapters/psa/ticket_tag.h"

namespace cordon::adapters::psa {

// POST /api/Tickets (an array body) answers the created ticket, as an
// object or as an array of one: its "id".
absl::StatusOr<std::string> ReadHaloTicketId(absl::string_view body);

// GET /api/Tickets?search=... answers {"record_count":N,"tickets":[...]}.
absl::StatusOr<std::vector<FoundTicket>> ReadHaloTickets(
    absl::string_view body);

// An error body's words: an OAuth error ("error", "error_description") or
// Halo's own {"message"}/{"Message"}; "" when unreadable.
std::string HaloErrorWords(absl::string_view body);

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_HALO_JSON_H_
