#ifndef CORDON_SERVER_PORTS_ENDPOINT_RESOLVER_H_
#define CORDON_SERVER_PORTS_ENDPOINT_RESOLVER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/core/escalation/ip_address.h"

namespace cordon::ports {

// DNS, so that an outbound URL's host can be checked for where it really
// points (core::CheckEndpointAddresses) before it is stored. Thread-safe.
class EndpointResolver {
 public:
  virtual ~EndpointResolver() = default;
  // Every address of `host`. NOT_FOUND when the name does not exist,
  // UNAVAILABLE when DNS could not answer now.
  virtual absl::StatusOr<std::vector<core::IpAddress>> Resolve(
      const std::string& host) = 0;
};

}  // namespace cordon::ports

#endif  // CORDON_SERVER_PORTS_ENDPOINT_RESOLVER_H_
