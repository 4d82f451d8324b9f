#include "server/adapters/getaddrinfo_resolver.h"

#include <netdb.h>
#include <netinet/in.h>

#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "server/core/endpoint_address.h"

namespace cordon::adapters {
namespace {

// Hosts with more addresses than this are cut off; each is checked, so the
// bound only limits the work.
constexpr size_t kMaxAddresses = 64;

absl::optional<core::IpAddress> FromSockaddr(const struct sockaddr* address,
                                             socklen_t length) {
  core::IpAddress ip;
  if (address->sa_family == AF_INET && length >= sizeof(sockaddr_in)) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    std::memcpy(ip.bytes.data(), &v4->sin_addr, 4);
    return ip;
  }
  if (address->sa_family == AF_INET6 && length >= sizeof(sockaddr_in6)) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    ip.is_v4 = false;
    std::memcpy(ip.bytes.data(), &v6->sin6_addr, 16);
    return ip;
  }
  return absl::nullopt;
}

}  // namespace

absl::StatusOr<std::vector<core::IpAddress>> GetaddrinfoResolver::Resolve(
    const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int error = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found,
                                                           &freeaddrinfo);
  if (error == EAI_AGAIN) {
    return absl::UnavailableError(
        absl::StrCat("DNS could not resolve ", host, " now; try again"));
  }
  if (error != 0) {
    return absl::NotFoundError(absl::StrCat(
        "host ", host, " does not resolve: ", gai_strerror(error)));
  }
  std::vector<core::IpAddress> addresses;
  for (const addrinfo* a = found;
       a != nullptr && addresses.size() < kMaxAddresses; a = a->ai_next) {
    if (auto ip = FromSockaddr(a->ai_addr, a->ai_addrlen)) {
      addresses.push_back(*ip);
    }
  }
  return addresses;
}

absl::Status CheckPeerAddress(const struct sockaddr* address, socklen_t length,
                              bool allow_private) {
  const absl::optional<core::IpAddress> ip = FromSockaddr(address, length);
  if (!ip) return absl::InvalidArgumentError("not an IPv4 or IPv6 address");
  const absl::Status checked = core::CheckEndpointAddresses(
      core::FormatIpAddress(*ip), {*ip}, allow_private);
  if (checked.ok()) return checked;
  return absl::PermissionDeniedError(checked.message());
}

}  // namespace cordon::adapters
