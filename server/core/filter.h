#ifndef CORDON_SERVER_CORE_FILTER_H_
#define CORDON_SERVER_CORE_FILTER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cordon::core {

// A field that a List call can be filtered on.
struct FilterField {
  std::string name;
  // The values the field accepts (typically enum names); empty = any value.
  std::vector<std::string> allowed_values;
};

// field -> value; every term must hold (conjunction).
using FilterTerms = absl::flat_hash_map<std::string, std::string>;

inline constexpr size_t kMaxFilterLength = 1024;

// Parses the List filter language, a small subset of Google AIP-160:
//
//   filter := blank | term ("AND" term)*
//   term   := field "=" value
//   value  := bare | quoted
//   bare   := [A-Za-z0-9_./-]+
//   quoted := '"' (any char but '"' and '\' | '\"' | '\\')* '"'
//
// Whitespace is allowed between tokens; "AND" is case-sensitive. A field may
// appear at most once, since two equalities on one field could never both
// hold. Field names and, where given, allowed values are checked against
// `fields`. Errors are InvalidArgument with a message fit for the caller.
absl::StatusOr<FilterTerms> ParseFilter(absl::string_view filter,
                                        const std::vector<FilterField>& fields);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_FILTER_H_
