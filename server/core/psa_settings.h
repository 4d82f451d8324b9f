#ifndef CORDON_SERVER_CORE_PSA_SETTINGS_H_
#define CORDON_SERVER_CORE_PSA_SETTINGS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace cordon::core {

enum class PsaKind { kConnectWise, kAutotask, kHaloPsa };

// An account's PSA integration as entered (cordon.v1.PsaIntegration without
// the proto), for the write-time check: each string field by its
// PsaIntegration name ("endpoint", "board", "secret" as entered; an empty
// secret keeps the stored one).
struct PsaSettings {
  PsaKind kind = PsaKind::kConnectWise;
  absl::flat_hash_map<std::string, std::string> values;
  // Whether a secret for this same kind is stored already.
  bool secret_stored = false;

  absl::string_view Value(absl::string_view field) const {
    auto it = values.find(field);
    return it == values.end() ? absl::string_view() : it->second;
  }
};

// How a product uses a field (the table in server/ports/psa.h).
enum class PsaFieldUse { kRequired, kOptional, kUnused };

struct PsaFieldRule {
  absl::string_view field;  // the PsaIntegration field name
  PsaFieldUse use;
  bool numeric;  // the product takes a positive integer id here
  size_t max_length;
  // Travels in an HTTP header or Basic auth: printable ASCII only.
  bool header_safe;
};

// The rules of `kind`, one per field of PsaSettings, in field order.
const std::vector<PsaFieldRule>& PsaFieldRules(PsaKind kind);

// The write-time check of issue 11. INVALID_ARGUMENT whose field (core
// FieldOf) is the PsaIntegration field name ("board", "secret"):
// - a required field is missing (the secret only when none is stored);
// - a field the product does not use is set: an admin who fills it expects
//   it to matter, so ignoring it would hide a mistake (a HaloPSA tenant
//   typed into a ConnectWise integration);
// - a numeric id is not a positive integer;
// - too long, control characters, leading or trailing spaces, non-ASCII in
//   a field that goes into an HTTP header;
// - endpoint or auth_endpoint not an https URL (ValidateHttpsUrl).
// Where the endpoints resolve to is checked apart (CheckEndpointAddresses),
// since resolving is I/O.
absl::Status ValidatePsaSettings(const PsaSettings& settings);

// Every field name the rules know (the same for every kind).
const std::vector<absl::string_view>& PsaFieldNames();

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_PSA_SETTINGS_H_
