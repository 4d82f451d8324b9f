#include "server/api/filter_terms.h"

#include "server/api/request_checks.h"

namespace cordon::api {

absl::StatusOr<core::FilterTerms> ParseFilterField(
    const std::string& filter, const std::vector<core::FilterField>& fields) {
  return ParseField("filter", filter, [&](const std::string& value) {
    return core::ParseFilter(value, fields);
  });
}

absl::optional<bool> BoolTerm(const core::FilterTerms& terms,
                              absl::string_view field) {
  auto it = terms.find(field);
  if (it == terms.end()) return absl::nullopt;
  return it->second == "true";
}

}  // namespace cordon::api
