#ifndef CORDON_SERVER_CORE_ESCALATION_IP_ADDRESS_H_
#define CORDON_SERVER_CORE_ESCALATION_IP_ADDRESS_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cordon::core {

// An IPv4 or IPv6 address, for ESC-4 access rules that name an IP address
// or range. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are normalized to
// the IPv4 address, so a rule for 198.51.100.7 matches a dual-stack log line
// that reports ::ffff:198.51.100.7.
struct IpAddress {
  bool is_v4 = true;
  // Network byte order; IPv4 uses the first 4 bytes, the rest stay 0.
  std::array<uint8_t, 16> bytes{};

  int bit_length() const { return is_v4 ? 32 : 128; }
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// Accepts:
//   IPv4: dotted quad of 4 decimal octets 0..255, no leading zeros ("010"
//     would be octal to some parsers and decimal to others).
//   IPv6: RFC 4291 text, hex digits in either case, at most one "::", an
//     optional dotted-quad tail. No zone ("%eth0"), no brackets, no prefix.
// Surrounding whitespace is not accepted. Errors are INVALID_ARGUMENT with a
// message that does not name the field.
absl::StatusOr<IpAddress> ParseIpAddress(absl::string_view text);

// The canonical text: dotted quad for IPv4, RFC 5952 for IPv6 (lower case,
// no leading zeros, the longest run of two or more zero groups as "::", the
// first one on a tie).
std::string FormatIpAddress(const IpAddress& address);

// An address ("198.51.100.7" = a /32) or a CIDR range ("198.51.100.0/24").
struct IpRange {
  IpAddress address;  // the network address: host bits are zero
  int prefix_length = 32;

  friend bool operator==(const IpRange&, const IpRange&) = default;
};

// "address" or "address/prefix" with prefix 0..32 (IPv4) or 0..128 (IPv6),
// decimal without leading zeros. The host bits must be zero
// ("198.51.100.7/24" is rejected: it is most likely a typo for an address or
// a different range, and silently masking it would widen the rule).
absl::StatusOr<IpRange> ParseIpRange(absl::string_view text);

// The canonical text: the address alone for a full-length prefix, else
// "address/prefix".
std::string FormatIpRange(const IpRange& range);

// True when `address` is in `range`. An IPv4 address is never in an IPv6
// range and vice versa (after the ::ffff: normalization above).
bool IpRangeContains(const IpRange& range, const IpAddress& address);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_IP_ADDRESS_H_
