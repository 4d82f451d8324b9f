#ifndef CORDON_SERVER_API_FILTER_TERMS_H_
#define CORDON_SERVER_API_FILTER_TERMS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "server/core/filter.h"

namespace cordon::api {

// Reading a List request's `filter` field into the terms of an engine query.

// Parses `filter` against the fields a List accepts, naming the `filter`
// field when it does not parse.
absl::StatusOr<core::FilterTerms> ParseFilterField(
    const std::string& filter, const std::vector<core::FilterField>& fields);

// The value of term `field` when the filter has one; `parse` is the generated
// Enum_Parse. ParseFilter has already checked the value against the field's
// allowed names, so the parse cannot fail.
template <typename Enum, typename Text>
absl::optional<Enum> EnumTerm(const core::FilterTerms& terms,
                              absl::string_view field,
                              bool (*parse)(Text, Enum*)) {
  auto it = terms.find(field);
  if (it == terms.end()) return absl::nullopt;
  Enum value = static_cast<Enum>(0);  // proto3: the UNSPECIFIED value
  parse(it->second, &value);
  return value;
}

// The value of term `field` (allowed values "true" and "false") when the
// filter has one.
absl::optional<bool> BoolTerm(const core::FilterTerms& terms,
                              absl::string_view field);

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_FILTER_TERMS_H_
