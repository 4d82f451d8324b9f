// IP addresses and CIDR ranges (core::ParseIpAddress, ParseIpRange) and the
// SSRF classification of an address: what parses formats canonically, the
// canonical text parses back to the same value, and a range contains its own
// network address.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "server/core/endpoint_address.h"
#include "server/core/escalation/ip_address.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using cordon::core::IpAddress;
using cordon::core::IpRange;

void CheckAddress(absl::string_view text) {
  absl::StatusOr<IpAddress> address = cordon::core::ParseIpAddress(text);
  if (!address.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(address.status()));
    return;
  }
  const std::string canonical = cordon::core::FormatIpAddress(*address);
  absl::StatusOr<IpAddress> again = cordon::core::ParseIpAddress(canonical);
  FUZZ_CHECK(again.ok() && *again == *address);
  FUZZ_CHECK(cordon::core::FormatIpAddress(*again) == canonical);
  cordon::core::AddressKind kind = cordon::core::ClassifyAddress(*address);
  FUZZ_CHECK(!cordon::core::AddressKindName(kind).empty());
  const bool is_public = kind == cordon::core::AddressKind::kPublic;
  FUZZ_CHECK(
      cordon::core::CheckEndpointAddresses("h", {*address}, false).ok() ==
      is_public);
  FUZZ_CHECK(cordon::core::CheckEndpointAddresses("h", {*address}, true).ok());
}

void CheckRange(absl::string_view text) {
  absl::StatusOr<IpRange> range = cordon::core::ParseIpRange(text);
  if (!range.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(range.status()));
    return;
  }
  FUZZ_CHECK(range->prefix_length >= 0 &&
             range->prefix_length <= range->address.bit_length());
  const std::string canonical = cordon::core::FormatIpRange(*range);
  absl::StatusOr<IpRange> again = cordon::core::ParseIpRange(canonical);
  FUZZ_CHECK(again.ok() && *again == *range);
  FUZZ_CHECK(cordon::core::IpRangeContains(*range, range->address));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  CheckAddress(text);
  CheckRange(text);
  // Containment of one input in the other: "range address" split at ' '.
  size_t space = text.find(' ');
  if (space != absl::string_view::npos) {
    auto range = cordon::core::ParseIpRange(text.substr(0, space));
    auto address = cordon::core::ParseIpAddress(text.substr(space + 1));
    if (range.ok() && address.ok()) {
      bool in = cordon::core::IpRangeContains(*range, *address);
      FUZZ_CHECK(!in || range->address.is_v4 == address->is_v4);
      if (range->prefix_length == range->address.bit_length()) {
        FUZZ_CHECK(in == (range->address == *address));
      }
    }
  }
  return 0;
}
