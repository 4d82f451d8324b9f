#ifndef CORDON_SERVER_ENGINE_TENANCY_API_KEY_EXPIRY_H_
#define CORDON_SERVER_ENGINE_TENANCY_API_KEY_EXPIRY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "cordon/v1/api_key.pb.h"

namespace cordon::engine {

// Issue 14: an API key may carry an expiry, chosen when it is made, so a
// credential handed to a contractor or a CI job stops by itself. Two years
// at most: rotation (create a new key, revoke the old) is the way to keep
// access longer.
inline constexpr absl::Duration kMaxApiKeyLifetime = absl::Hours(24 * 731);

// INVALID_ARGUMENT naming api_key.expire_time unless `key` has none, or one
// after `now` and at most kMaxApiKeyLifetime after it.
absl::Status CheckKeyExpiry(const cordon::v1::ApiKey& key, absl::Time now);

// Whether `key` has an expiry at or before `now`.
bool KeyExpired(const cordon::v1::ApiKey& key, absl::Time now);

// The state a reader sees: an ACTIVE key past its expiry shows EXPIRED
// (stored, it stays ACTIVE: nothing has to run when the time passes).
cordon::v1::ApiKey::State ShownKeyState(const cordon::v1::ApiKey& key,
                                        absl::Time now);

// The expiry as RFC 3339 UTC (audit messages); "" without one.
std::string KeyExpiryText(const cordon::v1::ApiKey& key);

// UNAUTHENTICATED, reason API_KEY_EXPIRED, saying when. Only ever answered
// to a caller that presented the key's secret, so it tells a guesser
// nothing.
absl::Status ExpiredKeyError(const cordon::v1::ApiKey& key);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_API_KEY_EXPIRY_H_
