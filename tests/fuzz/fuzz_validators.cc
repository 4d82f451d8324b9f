// Every validator of server/core: UPN, e-mail, tenant id (GUID), country,
// display name, HTTPS URL, agent version, UTF-8. The first byte picks the
// validator, the rest is its input. Refusals are INVALID_ARGUMENT; what is
// accepted keeps the promises the headers make about it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "server/core/endpoint_address.h"
#include "server/core/validation.h"
#include "server/core/version.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace cordon::core;  // NOLINT: the validators under test

// OK or INVALID_ARGUMENT, nothing else.
bool Accepted(const absl::Status& status) {
  FUZZ_CHECK(status.ok() || absl::IsInvalidArgument(status));
  return status.ok();
}

void CheckAddressLike(absl::string_view text, bool upn) {
  if (!Accepted(upn ? ValidateUpn(text) : ValidateEmail(text))) return;
  FUZZ_CHECK(text.size() <= (upn ? kMaxUpnLength : kMaxEmailLength));
  FUZZ_CHECK(text.find('@') != absl::string_view::npos);
  // The case-insensitive key of a valid address is valid too.
  std::string key = NormalizeCaseInsensitiveKey(text);
  FUZZ_CHECK(key.size() == text.size());
  FUZZ_CHECK(Accepted(upn ? ValidateUpn(key) : ValidateEmail(key)));
}

void CheckCountry(absl::string_view text) {
  bool ok = Accepted(ValidateCountryCode(text));
  FUZZ_CHECK(ok == IsKnownCountryCode(text));
  FUZZ_CHECK(!IsAssignedCountryCode(text) || ok);
  if (ok) FUZZ_CHECK(text.size() == 2);
}

void CheckUrl(absl::string_view text) {
  if (!Accepted(ValidateHttpsUrl(text))) return;
  FUZZ_CHECK(text.size() <= kMaxHttpsUrlLength);
  std::string host = HostOfHttpsUrl(text);
  FUZZ_CHECK(!host.empty());
  FUZZ_CHECK(host.find_first_of(":/?#@") == std::string::npos);
}

void CheckVersion(absl::string_view text) {
  absl::StatusOr<Version> version = ParseVersion(text);
  bool capable = AgentCanDisableOnPrem(text);
  if (!Accepted(version.status())) {
    FUZZ_CHECK(!capable);
    return;
  }
  FUZZ_CHECK(!version->components.empty() &&
             version->components.size() <= kMaxVersionComponents);
  absl::StatusOr<Version> again = ParseVersion(FormatVersion(*version));
  FUZZ_CHECK(again.ok() && CompareVersions(*again, *version) == 0);
  FUZZ_CHECK(again->components == version->components);
  Version minimum = *ParseVersion(kMinimumOnPremDisableAgentVersion);
  FUZZ_CHECK(capable == (CompareVersions(*version, minimum) >= 0));
  FUZZ_CHECK(CompareVersions(*version, minimum) ==
             -CompareVersions(minimum, *version));
}

void CheckUtf8(absl::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t before = pos;
    uint32_t code_point = 0;
    if (DecodeUtf8(text, &pos, &code_point)) {
      FUZZ_CHECK(pos > before && pos - before <= 4 && pos <= text.size());
      FUZZ_CHECK(code_point <= 0x10FFFF &&
                 !(code_point >= 0xD800 && code_point <= 0xDFFF));
    } else {
      FUZZ_CHECK(pos == before);
      pos = before + 1;
    }
  }
  if (Accepted(ValidateDisplayName(text, 16))) {
    FUZZ_CHECK(Accepted(ValidateDisplayName(text)));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  absl::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 7) {
    case 0:
      CheckAddressLike(text, /*upn=*/true);
      break;
    case 1:
      CheckAddressLike(text, /*upn=*/false);
      break;
    case 2:
      Accepted(ValidateTenantId(text));
      break;
    case 3:
      CheckCountry(text);
      break;
    case 4:
      CheckUrl(text);
      break;
    case 5:
      CheckVersion(text);
      break;
    default:
      CheckUtf8(text);
      break;
  }
  return 0;
}
