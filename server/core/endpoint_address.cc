#include "server/core/endpoint_address.h"

#include <cstring>
#include <initializer_list>

#include "absl/strings/str_cat.h"

namespace cordon::core {
namespace {

// Whether the first `bits` bits of `bytes` equal those of `prefix`.
bool HasPrefix(const uint8_t* bytes, std::initializer_list<uint8_t> prefix,
               int bits) {
  const uint8_t* want = prefix.begin();
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    const uint8_t mask =
        bits >= 8 ? 0xFF : static_cast<uint8_t>(0xFF << (8 - bits));
    if ((bytes[i] & mask) != (want[i] & mask)) return false;
  }
  return true;
}

AddressKind ClassifyV4(const uint8_t* b) {
  if (b[0] == 0) return AddressKind::kUnspecified;
  if (b[0] == 127) return AddressKind::kLoopback;
  if (b[0] == 10 || HasPrefix(b, {172, 16}, 12) ||
      HasPrefix(b, {192, 168}, 16)) {
    return AddressKind::kPrivate;
  }
  if (HasPrefix(b, {169, 254}, 16)) return AddressKind::kLinkLocal;
  if (HasPrefix(b, {100, 64}, 10)) return AddressKind::kCgnat;
  if (HasPrefix(b, {224}, 4)) return AddressKind::kMulticast;
  if (HasPrefix(b, {240}, 4)) return AddressKind::kReserved;
  return AddressKind::kPublic;
}

// The IPv4 address an IPv6 one carries, if it is one of the embeddings.
const uint8_t* EmbeddedV4(const std::array<uint8_t, 16>& b) {
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0,    0,
                                          0, 0, 0, 0, 0xFF, 0xFF};
  static constexpr uint8_t kNat64[12] = {0, 0x64, 0xFF, 0x9B, 0, 0,
                                         0, 0,    0,    0,    0, 0};
  static constexpr uint8_t kZeros[12] = {};
  if (std::memcmp(b.data(), kMapped, 12) == 0 ||
      std::memcmp(b.data(), kNat64, 12) == 0) {
    return b.data() + 12;
  }
  if (b[0] == 0x20 && b[1] == 0x02) return b.data() + 2;  // 6to4
  // ::a.b.c.d (the deprecated compatible form), but not :: and ::1.
  if (std::memcmp(b.data(), kZeros, 12) == 0 && (b[12] | b[13] | b[14]) != 0) {
    return b.data() + 12;
  }
  return nullptr;
}

AddressKind ClassifyV6(const std::array<uint8_t, 16>& b) {
  static constexpr std::array<uint8_t, 16> kAny{};
  std::array<uint8_t, 16> one{};
  one[15] = 1;
  if (b == kAny) return AddressKind::kUnspecified;
  if (b == one) return AddressKind::kLoopback;
  if (const uint8_t* v4 = EmbeddedV4(b)) return ClassifyV4(v4);
  if (HasPrefix(b.data(), {0xFC}, 7)) return AddressKind::kPrivate;
  if (HasPrefix(b.data(), {0xFE, 0xC0}, 10)) return AddressKind::kPrivate;
  if (HasPrefix(b.data(), {0xFE, 0x80}, 10)) return AddressKind::kLinkLocal;
  if (b[0] == 0xFF) return AddressKind::kMulticast;
  return AddressKind::kPublic;
}

}  // namespace

AddressKind ClassifyAddress(const IpAddress& address) {
  return address.is_v4 ? ClassifyV4(address.bytes.data())
                       : ClassifyV6(address.bytes);
}

absl::string_view AddressKindName(AddressKind kind) {
  switch (kind) {
    case AddressKind::kPublic:
      return "public";
    case AddressKind::kUnspecified:
      return "unspecified";
    case AddressKind::kLoopback:
      return "loopback";
    case AddressKind::kPrivate:
      return "private";
    case AddressKind::kLinkLocal:
      return "link-local";
    case AddressKind::kCgnat:
      return "carrier-grade NAT";
    case AddressKind::kMulticast:
      return "multicast";
    case AddressKind::kReserved:
      return "reserved";
  }
  return "unknown";
}

std::string HostOfHttpsUrl(absl::string_view url) {
  constexpr absl::string_view kScheme = "https://";
  if (url.substr(0, kScheme.size()) == kScheme) {
    url.remove_prefix(kScheme.size());
  }
  url = url.substr(0, url.find_first_of("/?#"));
  return std::string(url.substr(0, url.find(':')));
}

absl::Status CheckEndpointAddresses(absl::string_view host,
                                    const std::vector<IpAddress>& addresses,
                                    bool allow_private) {
  if (addresses.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("host ", host, " resolves to no address"));
  }
  if (allow_private) return absl::OkStatus();
  for (const IpAddress& address : addresses) {
    const AddressKind kind = ClassifyAddress(address);
    if (kind == AddressKind::kPublic) continue;
    return absl::InvalidArgumentError(absl::StrCat(
        "host ", host, " resolves to ", FormatIpAddress(address), ", a ",
        AddressKindName(kind),
        " address; a PSA endpoint must be reachable on the public internet"));
  }
  return absl::OkStatus();
}

}  // namespace cordon::core
