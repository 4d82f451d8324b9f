#ifndef CORDON_TESTING_FAKE_ENDPOINT_RESOLVER_H_
#define CORDON_TESTING_FAKE_ENDPOINT_RESOLVER_H_

#include <mutex>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/ports/endpoint_resolver.h"

namespace cordon::ports {

// DNS without a network, for tests and the simulator: a host answers what
// Set() gave it; any other host answers a public documentation address
// (203.0.113.10, RFC 5737), so that fixtures with made-up PSA hosts pass the
// SSRF check unless a test says otherwise. "nx.invalid" hosts do not exist.
class FakeEndpointResolver final : public EndpointResolver {
 public:
  // `addresses` as text ("10.0.0.7", "::1"); an unparsable one is skipped.
  void Set(const std::string& host, const std::vector<std::string>& addresses) {
    std::vector<core::IpAddress> parsed;
    for (const std::string& text : addresses) {
      absl::StatusOr<core::IpAddress> address = core::ParseIpAddress(text);
      if (address.ok()) parsed.push_back(*address);
    }
    std::lock_guard<std::mutex> lock(mu_);
    hosts_[host] = std::move(parsed);
  }

  absl::StatusOr<std::vector<core::IpAddress>> Resolve(
      const std::string& host) override {
    if (host.size() >= 8 && host.substr(host.size() - 8) == ".invalid") {
      return absl::NotFoundError(
          absl::StrCat("host ", host, " does not resolve"));
    }
    std::lock_guard<std::mutex> lock(mu_);
    ++lookups_;
    auto it = hosts_.find(host);
    if (it != hosts_.end()) return it->second;
    return std::vector<core::IpAddress>{*core::ParseIpAddress("203.0.113.10")};
  }

  int lookups() const {
    std::lock_guard<std::mutex> lock(mu_);
    return lookups_;
  }

 private:
  mutable std::mutex mu_;
  absl::flat_hash_map<std::string, std::vector<core::IpAddress>> hosts_
      ABSL_GUARDED_BY(mu_);
  int lookups_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace cordon::ports

#endif  // CORDON_TESTING_FAKE_ENDPOINT_RESOLVER_H_
