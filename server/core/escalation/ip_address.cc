#include "server/core/escalation/ip_address.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace cordon::core {
namespace {

absl::Status NotAnAddress() {
  return absl::InvalidArgumentError("not an IPv4 or IPv6 address");
}

// A decimal number without sign or leading zeros, at most `max_digits`
// digits.
bool ParseDecimal(absl::string_view s, size_t max_digits, int* out) {
  if (s.empty() || s.size() > max_digits) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  int value = 0;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

bool ParseV4(absl::string_view text, uint8_t out[4]) {
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '.');
  if (parts.size() != 4) return false;
  for (size_t i = 0; i < 4; ++i) {
    int octet = 0;
    if (!ParseDecimal(parts[i], 3, &octet) || octet > 255) return false;
    out[i] = static_cast<uint8_t>(octet);
  }
  return true;
}

bool ParseHexGroup(absl::string_view s, uint16_t* out) {
  if (s.empty() || s.size() > 4) return false;
  uint16_t value = 0;
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (!absl::ascii_isxdigit(u)) return false;
    const int digit =
        absl::ascii_isdigit(u) ? c - '0' : absl::ascii_tolower(u) - 'a' + 10;
    value = static_cast<uint16_t>(value * 16 + digit);
  }
  *out = value;
  return true;
}

// Parses a colon-separated list of groups (no "::" inside); the last one may
// be a dotted quad (when `allow_v4_tail`), which counts as two groups.
bool ParseGroups(absl::string_view text, bool allow_v4_tail,
                 std::vector<uint16_t>* groups) {
  if (text.empty()) return true;
  const std::vector<absl::string_view> parts = absl::StrSplit(text, ':');
  for (size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    if (last && allow_v4_tail && absl::StrContains(parts[i], '.')) {
      uint8_t v4[4];
      if (!ParseV4(parts[i], v4)) return false;
      groups->push_back(static_cast<uint16_t>(v4[0] << 8 | v4[1]));
      groups->push_back(static_cast<uint16_t>(v4[2] << 8 | v4[3]));
      continue;
    }
    uint16_t group = 0;
    if (!ParseHexGroup(parts[i], &group)) return false;
    groups->push_back(group);
  }
  return true;
}

bool ParseV6(absl::string_view text, std::array<uint8_t, 16>* out) {
  std::vector<uint16_t> head;
  std::vector<uint16_t> tail;
  const size_t gap = text.find("::");
  if (gap == absl::string_view::npos) {
    if (!ParseGroups(text, /*allow_v4_tail=*/true, &head)) return false;
    if (head.size() != 8) return false;
  } else {
    const absl::string_view before = text.substr(0, gap);
    const absl::string_view after = text.substr(gap + 2);
    if (absl::StrContains(after, "::")) return false;
    if (!ParseGroups(before, /*allow_v4_tail=*/false, &head)) return false;
    if (!ParseGroups(after, /*allow_v4_tail=*/true, &tail)) return false;
    // "::" stands for at least one zero group.
    if (head.size() + tail.size() > 7) return false;
  }
  std::array<uint16_t, 8> groups{};
  for (size_t i = 0; i < head.size(); ++i) groups[i] = head[i];
  for (size_t i = 0; i < tail.size(); ++i) {
    groups[8 - tail.size() + i] = tail[i];
  }
  for (size_t i = 0; i < 8; ++i) {
    (*out)[2 * i] = static_cast<uint8_t>(groups[i] >> 8);
    (*out)[2 * i + 1] = static_cast<uint8_t>(groups[i] & 0xff);
  }
  return true;
}

bool IsV4Mapped(const std::array<uint8_t, 16>& bytes) {
  for (size_t i = 0; i < 10; ++i) {
    if (bytes[i] != 0) return false;
  }
  return bytes[10] == 0xff && bytes[11] == 0xff;
}

// True when the bits of `address` past `prefix_length` are all zero.
bool HostBitsZero(const IpAddress& address, int prefix_length) {
  for (int bit = prefix_length; bit < address.bit_length(); ++bit) {
    if (address.bytes[bit / 8] & (0x80 >> (bit % 8))) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<IpAddress> ParseIpAddress(absl::string_view text) {
  IpAddress address;
  if (absl::StrContains(text, ':')) {
    std::array<uint8_t, 16> bytes{};
    if (!ParseV6(text, &bytes)) return NotAnAddress();
    if (IsV4Mapped(bytes)) {
      address.is_v4 = true;
      for (size_t i = 0; i < 4; ++i) address.bytes[i] = bytes[12 + i];
    } else {
      address.is_v4 = false;
      address.bytes = bytes;
    }
    return address;
  }
  uint8_t v4[4];
  if (!ParseV4(text, v4)) return NotAnAddress();
  address.is_v4 = true;
  for (size_t i = 0; i < 4; ++i) address.bytes[i] = v4[i];
  return address;
}

std::string FormatIpAddress(const IpAddress& address) {
  if (address.is_v4) {
    return absl::StrFormat("%d.%d.%d.%d", address.bytes[0], address.bytes[1],
                           address.bytes[2], address.bytes[3]);
  }
  std::array<uint16_t, 8> groups{};
  for (size_t i = 0; i < 8; ++i) {
    groups[i] = static_cast<uint16_t>(address.bytes[2 * i] << 8 |
                                      address.bytes[2 * i + 1]);
  }
  // RFC 5952: compress the longest run (>= 2) of zero groups, the first on a
  // tie.
  int best_start = -1;
  int best_length = 1;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_length) {
      best_start = i;
      best_length = j - i;
    }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_length - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    absl::StrAppend(&out, absl::Hex(groups[i]));
  }
  return out;
}

absl::StatusOr<IpRange> ParseIpRange(absl::string_view text) {
  IpRange range;
  const size_t slash = text.find('/');
  const absl::string_view address_text = text.substr(0, slash);
  absl::StatusOr<IpAddress> address = ParseIpAddress(address_text);
  if (!address.ok()) return address.status();
  range.address = *address;
  range.prefix_length = address->bit_length();
  if (slash == absl::string_view::npos) return range;
  // The prefix counts bits of the address as written: 128 for a
  // ::ffff:a.b.c.d range, of which 96 are the mapping prefix.
  const bool written_as_v6 = absl::StrContains(address_text, ':');
  const int written_bits = written_as_v6 ? 128 : 32;
  int prefix = 0;
  if (!ParseDecimal(text.substr(slash + 1), 3, &prefix) ||
      prefix > written_bits) {
    return absl::InvalidArgumentError(absl::StrCat(
        "prefix length must be 0..", written_bits, " for this address"));
  }
  if (address->is_v4 && written_as_v6) {
    if (prefix < 96) {
      return absl::InvalidArgumentError(
          "an IPv4-mapped range needs a prefix length of at least 96");
    }
    prefix -= 96;
  }
  range.prefix_length = prefix;
  if (!HostBitsZero(range.address, prefix)) {
    IpAddress network = range.address;
    for (int bit = prefix; bit < network.bit_length(); ++bit) {
      network.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80 >> (bit % 8)));
    }
    return absl::InvalidArgumentError(
        absl::StrCat("host bits must be zero (the network is ",
                     FormatIpAddress(network), "/", prefix, ")"));
  }
  return range;
}

std::string FormatIpRange(const IpRange& range) {
  std::string text = FormatIpAddress(range.address);
  if (range.prefix_length != range.address.bit_length()) {
    absl::StrAppend(&text, "/", range.prefix_length);
  }
  return text;
}

bool IpRangeContains(const IpRange& range, const IpAddress& address) {
  if (range.address.is_v4 != address.is_v4) return false;
  if (range.prefix_length < 0 || range.prefix_length > address.bit_length()) {
    return false;
  }
  const int full_bytes = range.prefix_length / 8;
  for (int i = 0; i < full_bytes; ++i) {
    if (range.address.bytes[i] != address.bytes[i]) return false;
  }
  const int rest = range.prefix_length % 8;
  if (rest == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (range.address.bytes[full_bytes] & mask) ==
         (address.bytes[full_bytes] & mask);
}

}  // namespace cordon::core
