#include "server/adapters/psa/halo_json.h"

#include "absl/strings/str_cat.h"
#include "server/adapters/psa/psa_json.h"

namespace cordon::adapters::psa {

absl::StatusOr<std::string> ReadHaloTicketId(absl::string_view body) {
  constexpr absl::string_view kShape = "HaloPSA ticket";
  absl::StatusOr<nlohmann::json> parsed = graph::ParseJsonBody(body, kShape);
  if (!parsed.ok()) return parsed.status();
  graph::JsonErrors errors(kShape);
  const bool one_array = parsed->is_array() && parsed->size() == 1;
  if (parsed->is_array() && !one_array) {
    errors.Add("", "expected one ticket");
    return errors.status();
  }
  graph::JsonObjectReader ticket(one_array ? (*parsed)[0] : *parsed,
                                 one_array ? "[0]" : "", &errors);
  std::string id = ReadRecordId(ticket, "id");
  if (!errors.ok()) return errors.status();
  return id;
}

absl::StatusOr<std::vector<FoundTicket>> ReadHaloTickets(
    absl::string_view body) {
  return graph::ReadJsonAnswer<std::vector<FoundTicket>>(
      body, "HaloPSA ticket search", [](graph::JsonObjectReader& answer) {
        return ReadFoundTickets(answer.RequiredArray("tickets"), "tickets",
                                "id", "summary", answer.errors());
      });
}

std::string HaloErrorWords(absl::string_view body) {
  const std::string description =
      FirstStringMember(body, {"error_description"});
  if (!description.empty()) return description;
  return FirstStringMember(body, {"message", "Message", "error"});
}

}  // namespace cordon::adapters::psa
