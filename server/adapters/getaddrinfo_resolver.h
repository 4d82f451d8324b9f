#ifndef CORDON_SERVER_ADAPTERS_GETADDRINFO_RESOLVER_H_
#define CORDON_SERVER_ADAPTERS_GETADDRINFO_RESOLVER_H_

#include <sys/socket.h>

#include "absl/status/status.h"
#include "server/ports/endpoint_resolver.h"

namespace cordon::adapters {

// The system resolver (getaddrinfo: /etc/hosts, then DNS).
class GetaddrinfoResolver final : public ports::EndpointResolver {
 public:
  absl::StatusOr<std::vector<core::IpAddress>> Resolve(
      const std::string& host) override;
};

// The address a socket is about to connect to, judged like the PSA
// endpoints are at write time (core::ClassifyAddress). For HTTP adapters
// that must re-check at call time, because DNS may answer differently by
// then (DNS rebinding): with libcurl, from a CURLOPT_OPENSOCKETFUNCTION
// callback, refuse (return CURL_SOCKET_BAD) unless
//   CheckPeerAddress(&address->addr, address->addrlen, allow_private).ok()
// PERMISSION_DENIED names the address and its kind; INVALID_ARGUMENT for a
// family other than IPv4/IPv6.
absl::Status CheckPeerAddress(const struct sockaddr* address, socklen_t length,
                              bool allow_private);

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_GETADDRINFO_RESOLVER_H_
