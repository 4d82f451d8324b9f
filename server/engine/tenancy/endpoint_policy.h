#ifndef CORDON_SERVER_ENGINE_TENANCY_ENDPOINT_POLICY_H_
#define CORDON_SERVER_ENGINE_TENANCY_ENDPOINT_POLICY_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/ports/endpoint_resolver.h"

namespace cordon::engine {

// Where an admin-entered URL (a PSA endpoint) may point: only to public
// addresses, so that Cordon cannot be made to call its own host or network
// (SSRF). Private addresses are allowed only when the server runs with
// --allow_private_endpoints (tests against loopback fakes).
class EndpointPolicy {
 public:
  // `resolver` may be null: then only IP-literal hosts can be checked and
  // any other host is refused (FAILED_PRECONDITION).
  EndpointPolicy(ports::EndpointResolver* resolver, bool allow_private)
      : resolver_(resolver), allow_private_(allow_private) {}

  // For a URL that core::ValidateHttpsUrl accepted: INVALID_ARGUMENT naming
  // `field` when its host does not resolve or resolves to an address that
  // is not public; UNAVAILABLE when DNS cannot answer now.
  absl::Status Check(absl::string_view field, absl::string_view url) const;

 private:
  ports::EndpointResolver* resolver_;
  bool allow_private_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_ENDPOINT_POLICY_H_
