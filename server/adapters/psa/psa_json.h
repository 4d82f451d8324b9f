#ifndef CORDON_SERVER_ADAPTERS_PSA_PSA_JSON_H_
#define CORDON_SERVER_ADAPTERS_PSA_PSA_JSON_H_

// The JSON readers the three PSA adapters share, on the Graph adapter's
// checked reader (bounded size and depth, typed members, errors that name
// fields, never values). Internal to the PSA adapters.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "server/adapters/graph/json_reader.h"
#include "server/adapters/psa/ticket_tag.h"

namespace cordon::adapters::psa {

// A PSA's record id: a positive JSON integer (also accepted as a string of
// digits), as text.
std::string ReadRecordId(graph::JsonObjectReader& object,
                         absl::string_view key);

// Each element of `array` (nullptr: none) as a FoundTicket from its
// `id_key` and `title_key` members.
std::vector<FoundTicket> ReadFoundTickets(const nlohmann::json* array,
                                          absl::string_view path,
                                          absl::string_view id_key,
                                          absl::string_view title_key,
                                          graph::JsonErrors* errors);

// A body that is a JSON array of tickets (ConnectWise's list answers).
absl::StatusOr<std::vector<FoundTicket>> ReadTicketArray(
    absl::string_view body, absl::string_view shape, absl::string_view id_key,
    absl::string_view title_key);

// `body` as compact JSON text; invalid UTF-8 in a string is replaced rather
// than thrown on (a title may come from user input).
std::string JsonText(const nlohmann::json& body);

// `object`'s member `key` if it is a string; "" when `object` is no
// object, or the member is absent or of another type. Never throws.
std::string StringMember(const nlohmann::json& object, absl::string_view key);

// The string members of `body`'s top-level object named in `keys`, the
// first present one; "" when the body is no JSON object or has none.
std::string FirstStringMember(absl::string_view body,
                              const std::vector<absl::string_view>& keys);

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_PSA_JSON_H_
