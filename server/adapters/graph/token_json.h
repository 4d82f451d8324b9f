#ifndef CORDON_SERVER_ADAPTERS_GRAPH_TOKEN_JSON_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_TOKEN_JSON_H_

// The Microsoft identity platform's token endpoint, client credentials flow
// (POST https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token): the
// form-encoded request and the JSON answers. Shapes:
// tests/contract/graph/token_*.json.
//
// Parse errors (see json_reader.h): kResourceExhausted for a body over the
// size cap, kDataLoss for bytes that are not one whole JSON value,
// kInvalidArgument for JSON that breaks the documented shape. Error messages
// name fields, never values.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace cordon::adapters::graph {

// The only scope an app-only Graph token is asked for: every application
// permission the tenant consented to.
inline constexpr absl::string_view kGraphDefaultScope =
    "https://graph.microsoft.com/.default";
// client_assertion_type for a certificate-signed JWT (RFC 7523).
inline constexpr absl::string_view kJwtBearerAssertionType =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

// The longest token lifetime accepted. Entra issues 60-90 minutes (up to
// about a day with continuous access evaluation); more means a broken answer,
// and caching it would outlive a revoked consent.
inline constexpr absl::Duration kMaxTokenLifetime = absl::Hours(48);

// A 200 answer. `access_token` is a credential: never log it.
struct AccessToken {
  std::string access_token;
  // From expires_in: how long the token is valid after the answer arrived.
  absl::Duration expires_in;
};

// token_type must be "Bearer" (any case), access_token a non-empty string,
// expires_in whole seconds in [1, kMaxTokenLifetime] (a JSON integer, or a
// string of digits as the v1.0 endpoint sends it). Other members are ignored.
absl::StatusOr<AccessToken> ParseTokenResponse(absl::string_view body);

// A 4xx/5xx answer of the token endpoint.
struct TokenError {
  // The OAuth 2.0 error, e.g. "invalid_client".
  std::string error;
  // "AADSTS7000215": from error_codes[0], or else the first AADSTS code in
  // error_description (core::FindAadstsCode); "" if neither has one.
  std::string aadsts_code;
  // error_description as sent, for the record (ISO-11); never branch on it.
  std::string description;
  // For support cases with Microsoft; "" when absent.
  std::string trace_id;
  std::string correlation_id;
};

// `error` is required; error_description, error_codes (an array of
// integers), trace_id and correlation_id are optional.
absl::StatusOr<TokenError> ParseTokenError(absl::string_view body);

// application/x-www-form-urlencoded value: A-Z a-z 0-9 - . _ ~ stay, every
// other byte becomes %XX (uppercase hex), space included.
std::string FormUrlEncode(absl::string_view value);

// The request body with a client secret: client_id, scope
// (kGraphDefaultScope), client_secret, grant_type=client_credentials. It
// contains the secret: never log it (DESIGN.md rule 7).
std::string BuildClientSecretTokenRequest(absl::string_view client_id,
                                          absl::string_view client_secret);

// The request body with a signed JWT: client_id, scope, client_assertion_type
// (kJwtBearerAssertionType), client_assertion, grant_type.
std::string BuildClientAssertionTokenRequest(
    absl::string_view client_id, absl::string_view signed_assertion);

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_TOKEN_JSON_H_
