#ifndef CORDON_SERVER_CORE_ERRORS_H_
#define CORDON_SERVER_CORE_ERRORS_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace cordon::core {

// Errors are values (DESIGN rule 5). A status may carry the request field it
// is about and a stable UPPER_SNAKE_CASE reason; the API edge turns them into
// google.rpc BadRequest and ErrorInfo details.

// INVALID_ARGUMENT about `field` (a request field path such as
// "identity.upn"): the message reads "<field>: <description>".
absl::Status InvalidField(absl::string_view field,
                          absl::string_view description,
                          absl::string_view reason = "INVALID_FIELD");

// ALREADY_EXISTS about `field`: the input collides with something stored.
// Named like a bad field, so a client can point at the input that collides.
absl::Status FieldTaken(absl::string_view field, absl::string_view description,
                        absl::string_view reason);

// Prefixes the message of an INVALID_ARGUMENT from a validator with `field`
// and attaches the field; other statuses pass through unchanged.
absl::Status ForField(absl::string_view field, const absl::Status& status);

// Attaches a stable reason to `status`.
absl::Status WithReason(absl::Status status, absl::string_view reason);

absl::optional<std::string> FieldOf(const absl::Status& status);
absl::optional<std::string> ReasonOf(const absl::Status& status);

// Attaches `key: value` for the ErrorInfo's metadata (e.g. oldest_cursor of
// an expired event cursor), and reads them back.
absl::Status WithMetadata(absl::Status status, absl::string_view key,
                          absl::string_view value);
std::map<std::string, std::string> MetadataOf(const absl::Status& status);

// Attaches how long the caller should wait before trying again (the API
// edge sends it as google.rpc.RetryInfo), and reads it back.
absl::Status WithRetryDelay(absl::Status status, absl::Duration delay);
absl::optional<absl::Duration> RetryDelayOf(const absl::Status& status);

}  // namespace cordon::core

// Returns from the enclosing function when `expr` (an absl::Status) fails.
#define CORDON_RETURN_IF_ERROR(expr)                                    \
  do {                                                                  \
    if (::absl::Status _cordon_status = (expr); !_cordon_status.ok()) { \
      return _cordon_status;                                            \
    }                                                                   \
  } while (false)

#define CORDON_CONCAT_INNER(a, b) a##b
#define CORDON_CONCAT(a, b) CORDON_CONCAT_INNER(a, b)
#define CORDON_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(*tmp)
// `lhs = *expr` when `expr` (an absl::StatusOr) holds a value, else returns
// its status from the enclosing function.
#define CORDON_ASSIGN_OR_RETURN(lhs, expr) \
  CORDON_ASSIGN_OR_RETURN_IMPL(CORDON_CONCAT(_cordon_or_, __LINE__), lhs, expr)

#endif  // CORDON_SERVER_CORE_ERRORS_H_
