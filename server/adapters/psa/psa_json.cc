#include "server/adapters/psa/psa_json.h"

#include <limits>

#include "absl/strings/str_cat.h"

namespace cordon::adapters::psa {

std::string ReadRecordId(graph::JsonObjectReader& object,
                         absl::string_view key) {
  const int64_t id =
      object.RequiredInteger(key, 1, std::numeric_limits<int64_t>::max(), true);
  return id > 0 ? absl::StrCat(id) : "";
}

std::vector<FoundTicket> ReadFoundTickets(const nlohmann::json* array,
                                          absl::string_view path,
                                          absl::string_view id_key,
                                          absl::string_view title_key,
                                          graph::JsonErrors* errors) {
  std::vector<FoundTicket> found;
  graph::ForEachObject(
      array, path, errors, [&](graph::JsonObjectReader& ticket) {
        FoundTicket entry;
        entry.id = ReadRecordId(ticket, id_key);
        entry.title = ticket.OptionalString(title_key).value_or("");
        found.push_back(std::move(entry));
      });
  return found;
}

absl::StatusOr<std::vector<FoundTicket>> ReadTicketArray(
    absl::string_view body, absl::string_view shape, absl::string_view id_key,
    absl::string_view title_key) {
  absl::StatusOr<nlohmann::json> parsed = graph::ParseJsonBody(body, shape);
  if (!parsed.ok()) return parsed.status();
  graph::JsonErrors errors(shape);
  if (!parsed->is_array()) {
    errors.Add("", absl::StrCat("expected an array, got ",
                                graph::JsonTypeName(*parsed)));
    return errors.status();
  }
  std::vector<FoundTicket> found =
      ReadFoundTickets(&*parsed, "", id_key, title_key, &errors);
  if (!errors.ok()) return errors.status();
  return found;
}

std::string JsonText(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string StringMember(const nlohmann::json& object, absl::string_view key) {
  if (!object.is_object()) return "";
  auto member = object.find(std::string(key));
  if (member == object.end() || !member->is_string()) return "";
  return member->get<std::string>();
}

std::string FirstStringMember(absl::string_view body,
                              const std::vector<absl::string_view>& keys) {
  absl::StatusOr<nlohmann::json> parsed =
      graph::ParseJsonBody(body, "error body");
  if (!parsed.ok() || !parsed->is_object()) return "";
  for (absl::string_view key : keys) {
    std::string words = StringMember(*parsed, key);
    if (!words.empty()) return words;
  }
  return "";
}

}  // namespace cordon::adapters::psa
