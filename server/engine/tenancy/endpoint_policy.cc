#include "server/engine/tenancy/endpoint_policy.h"

#include <string>
#include <vector>

#include "server/core/endpoint_address.h"
#include "server/core/errors.h"

namespace cordon::engine {

absl::Status EndpointPolicy::Check(absl::string_view field,
                                   absl::string_view url) const {
  const std::string host = core::HostOfHttpsUrl(url);
  std::vector<core::IpAddress> addresses;
  if (absl::StatusOr<core::IpAddress> literal = core::ParseIpAddress(host);
      literal.ok()) {
    addresses.push_back(*literal);
  } else if (resolver_ == nullptr) {
    return absl::FailedPreconditionError(
        "this server cannot resolve host names to check PSA endpoints");
  } else {
    absl::StatusOr<std::vector<core::IpAddress>> resolved =
        resolver_->Resolve(host);
    if (absl::IsNotFound(resolved.status())) {
      return core::InvalidField(field, resolved.status().message());
    }
    if (!resolved.ok()) return resolved.status();
    addresses = *std::move(resolved);
  }
  return core::ForField(
      field, core::CheckEndpointAddresses(host, addresses, allow_private_));
}

}  // namespace cordon::engine
