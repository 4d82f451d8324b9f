#ifndef CORDON_SERVER_CORE_ENDPOINT_ADDRESS_H_
#define CORDON_SERVER_CORE_ENDPOINT_ADDRESS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/core/escalation/ip_address.h"

namespace cordon::core {

// Where an address points. Everything but kPublic reaches into the server's
// own host or network, so an outbound URL (a PSA endpoint) that resolves
// there could be used to probe or call internal services (SSRF).
enum class AddressKind {
  kPublic,
  kUnspecified,  // 0.0.0.0/8, ::
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // RFC 1918, fc00::/7 (unique local), fec0::/10
  kLinkLocal,    // 169.254.0.0/16 (cloud metadata), fe80::/10
  kCgnat,        // 100.64.0.0/10 (RFC 6598)
  kMulticast,    // 224.0.0.0/4, ff00::/8
  kReserved,     // 240.0.0.0/4, broadcast
};

// IPv4 addresses carried in IPv6 (NAT64 64:ff9b::/96, 6to4 2002::/16, the
// old compatible ::a.b.c.d; ParseIpAddress already unwraps ::ffff:a.b.c.d)
// are judged by the IPv4 address they reach.
AddressKind ClassifyAddress(const IpAddress& address);
absl::string_view AddressKindName(AddressKind kind);

// The host of a URL that ValidateHttpsUrl accepted ("https://h:443/x" ->
// "h").
std::string HostOfHttpsUrl(absl::string_view url);

// OK when every address `host` resolved to is public, or when private
// addresses are allowed (tests); INVALID_ARGUMENT naming the first address
// that is not, and when there is none. A host with one public and one
// private address is refused: a connection could reach either.
absl::Status CheckEndpointAddresses(absl::string_view host,
                                    const std::vector<IpAddress>& addresses,
                                    bool allow_private);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ENDPOINT_ADDRESS_H_
