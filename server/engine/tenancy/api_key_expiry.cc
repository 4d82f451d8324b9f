#include "server/engine/tenancy/api_key_expiry.h"

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"

namespace cordon::engine {
namespace {

// The expiry as a time; InfiniteFuture when the key has none. Seconds and
// nanoseconds are read apart: a far-off timestamp would overflow a count of
// nanoseconds.
absl::Time ApiKeyExpiryOf(const cordon::v1::ApiKey& key) {
  if (!key.has_expire_time()) return absl::InfiniteFuture();
  return absl::FromUnixSeconds(key.expire_time().seconds()) +
         absl::Nanoseconds(key.expire_time().nanos());
}

std::string ApiKeyExpiryText(const cordon::v1::ApiKey& key) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", ApiKeyExpiryOf(key),
                          absl::UTCTimeZone());
}

}  // namespace

absl::Status CheckKeyExpiry(const cordon::v1::ApiKey& key, absl::Time now) {
  if (!key.has_expire_time()) return absl::OkStatus();
  const int32_t nanos = key.expire_time().nanos();
  const absl::Time expiry = ApiKeyExpiryOf(key);
  if (nanos < 0 || nanos > 999999999 || expiry <= now ||
      expiry > now + kMaxApiKeyLifetime) {
    return core::InvalidField(
        "api_key.expire_time",
        "must be in the future and at most 731 days (two years) ahead");
  }
  return absl::OkStatus();
}

bool KeyExpired(const cordon::v1::ApiKey& key, absl::Time now) {
  return key.has_expire_time() && ApiKeyExpiryOf(key) <= now;
}

cordon::v1::ApiKey::State ShownKeyState(const cordon::v1::ApiKey& key,
                                        absl::Time now) {
  if (key.state() == cordon::v1::ApiKey::ACTIVE && KeyExpired(key, now)) {
    return cordon::v1::ApiKey::EXPIRED;
  }
  return key.state();
}

absl::Status ExpiredKeyError(const cordon::v1::ApiKey& key) {
  return core::WithReason(
      absl::UnauthenticatedError(absl::StrCat(
          "the API key expired at ", ApiKeyExpiryText(key),
          "; use its replacement (cordonctl keys rotate makes one)")),
      "API_KEY_EXPIRED");
}

std::string KeyExpiryText(const cordon::v1::ApiKey& key) {
  return key.has_expire_time() ? ApiKeyExpiryText(key) : "";
}

}  // namespace cordon::engine
