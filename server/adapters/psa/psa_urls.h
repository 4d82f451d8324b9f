#ifndef CORDON_SERVER_ADAPTERS_PSA_PSA_URLS_H_
#define CORDON_SERVER_ADAPTERS_PSA_PSA_URLS_H_

// Checks on what an account's PsaIntegration puts into a URL, so a field
// cannot change which host or resource is asked. The account service
// validates these at write time too; the adapters check again because a
// stored value (or a discovery answer) reaches them unchecked.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cordon::adapters::psa {

// "https://host[:port][/path]" without user info, query, fragment, spaces
// or control characters, returned without trailing '/'. A bare
// "host[:port]" gets "https://" in front (ConnectWise sites are often given
// so). INVALID_ARGUMENT naming `field` otherwise; the value is not echoed
// beyond the field name.
absl::StatusOr<std::string> HttpsBaseUrl(absl::string_view field,
                                         absl::string_view url);

// A PSA record id as the adapters send it: 1 to 18 decimal digits.
bool IsRecordId(absl::string_view text);

// A login name or company id that may stand in a path or query: letters,
// digits and "._-@+" only, 1 to 128 bytes.
bool IsPlainName(absl::string_view text);

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_PSA_URLS_H_
