#ifndef CORDON_SERVER_ADAPTERS_GRAPH_JSON_READER_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_JSON_READER_H_

// The checked JSON access the Graph mappers share. Internal to the Graph
// adapter: its public headers do not expose nlohmann::json.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "nlohmann/json.hpp"

namespace cordon::adapters::graph {

// Graph and the token endpoint answer in kilobytes; a delta page of users
// with five selected properties stays far below this. A larger body is
// refused before parsing so that one bad answer cannot take the worker's
// memory (DESIGN.md rule 6: bounded response size).
inline constexpr size_t kMaxResponseBodyBytes = 4 * 1024 * 1024;

// The documented shapes nest at most six levels (a rule's
// actions.forwardTo[].emailAddress.address); a bound keeps a hostile
// "[[[[..." from costing a deep parse.
inline constexpr int kMaxJsonNestingDepth = 64;

// The whole `body` as one JSON value. `shape` names what was expected
// ("token response") in the error. Errors:
//   kResourceExhausted  body over kMaxResponseBodyBytes
//   kDataLoss           empty, not JSON, truncated, invalid UTF-8, trailing
//                       bytes, a NUL byte, or nested deeper than
//                       kMaxJsonNestingDepth
// Never throws.
absl::StatusOr<nlohmann::json> ParseJsonBody(absl::string_view body,
                                             absl::string_view shape);

// Collects the first contract violation found while reading one answer, as
// "<shape>: <path>: <problem>" with code kInvalidArgument. Messages name
// fields and JSON types, never values: a value may be a token or a secret.
class JsonErrors {
 public:
  explicit JsonErrors(absl::string_view shape) : shape_(shape) {}

  void Add(absl::string_view path, absl::string_view problem);
  bool ok() const { return first_.ok(); }
  const absl::Status& status() const { return first_; }

 private:
  std::string shape_;
  absl::Status first_;
};

// Reads the members of one JSON object with type checks. A member of the
// wrong type, or a required member that is absent or null, is recorded in
// `errors` and read as empty/false/nullopt, so a mapper reads on and checks
// errors once at the end. If `node` is not an object, that is recorded and
// every member reads as absent. `node` and `errors` must outlive the reader.
class JsonObjectReader {
 public:
  JsonObjectReader(const nlohmann::json& node, std::string path,
                   JsonErrors* errors);

  // The member, or nullptr when absent. Null members are returned.
  const nlohmann::json* Find(absl::string_view key) const;
  bool IsNull(absl::string_view key) const;
  // "value[2].actions" + ".forwardTo".
  std::string PathOf(absl::string_view key) const;

  std::string RequiredString(absl::string_view key);
  // As RequiredString; "" is recorded as an error too.
  std::string RequiredNonEmptyString(absl::string_view key);
  // Absent or null: nullopt.
  absl::optional<std::string> OptionalString(absl::string_view key);
  bool RequiredBool(absl::string_view key);
  // Absent or null: nullopt.
  absl::optional<bool> OptionalBool(absl::string_view key);
  // A JSON integer within [min, max]; also a string of decimal digits when
  // `digits_string_allowed` (some OAuth servers send numbers as strings).
  int64_t RequiredInteger(absl::string_view key, int64_t min, int64_t max,
                          bool digits_string_allowed = false);
  // The member if it is an array; nullptr (recorded) otherwise.
  const nlohmann::json* RequiredArray(absl::string_view key);
  // The member if it is an array; nullptr when absent or null.
  const nlohmann::json* OptionalArray(absl::string_view key);
  // The member if it is an object; nullptr (recorded) otherwise.
  const nlohmann::json* RequiredObject(absl::string_view key);
  // The member if it is an object; nullptr when absent or null.
  const nlohmann::json* OptionalObject(absl::string_view key);

  JsonErrors* errors() const { return errors_; }

 private:
  // The member if it has `type`; nullptr when absent or null (recorded as
  // missing if `required`) or of another type (recorded).
  const nlohmann::json* Typed(absl::string_view key,
                              nlohmann::json::value_t type,
                              absl::string_view type_name, bool required);

  const nlohmann::json* object_;  // nullptr when the node is not an object
  std::string path_;
  JsonErrors* errors_;
};

// "value" + 3 -> "value[3]".
std::string ElementPath(absl::string_view array_path, size_t index);

// Calls `read(element_reader)` for each element of `array` (which may be
// nullptr: no elements) while no error has been recorded.
template <typename ReadElement>
void ForEachObject(const nlohmann::json* array, absl::string_view array_path,
                   JsonErrors* errors, ReadElement read) {
  if (array == nullptr) return;
  for (size_t i = 0; i < array->size() && errors->ok(); ++i) {
    JsonObjectReader element((*array)[i], ElementPath(array_path, i), errors);
    read(element);
  }
}

// The frame of every mapper: parse `body`, hand the top-level object to
// `read` (which returns the Result), and answer the first error found.
template <typename Result, typename ReadAnswer>
absl::StatusOr<Result> ReadJsonAnswer(absl::string_view body,
                                      absl::string_view shape,
                                      ReadAnswer read) {
  absl::StatusOr<nlohmann::json> parsed = ParseJsonBody(body, shape);
  if (!parsed.ok()) return parsed.status();
  JsonErrors errors(shape);
  JsonObjectReader answer(*parsed, "", &errors);
  Result result = read(answer);
  if (!errors.ok()) return errors.status();
  return result;
}

// The JSON type of `node` as errors name it ("string", "number", ...).
absl::string_view JsonTypeName(const nlohmann::json& node);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_JSON_READER_H_
