#ifndef CORDON_TOOLS_BENCH_GRPC_CORDON_WORKLOADS_H_
#define CORDON_TOOLS_BENCH_GRPC_CORDON_WORKLOADS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "tools/bench/grpc/async_operation.h"
#include "tools/bench/grpc/workload.h"

namespace cordon::bench::grpc_load {

// What Cordon's workloads run against: the channels, the bearer key, and
// the data the set-up made (cordon_setup.h).
struct CordonTarget {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  CallSettings settings;
  std::string account;
  // The organization the reads and sign-ins use, and its identities.
  std::string organization;
  std::vector<std::string> identities;
  // Makes a unique name part per run, so that a server reused across runs
  // sees new UPNs and event ids.
  std::string nonce;
};

// GetIdentity of a random identity of the organization.
std::unique_ptr<Workload> GetIdentityLoad(const CordonTarget& target,
                                          uint64_t seed);
// ListIdentities, the organization's first page of 50.
std::unique_ptr<Workload> ListIdentitiesLoad(const CordonTarget& target);
// CreateIdentity with a new UPN each time, into the organization
// `organization` names when the point starts (Prepare); `created`, when not
// null, receives each new identity's name.
std::unique_ptr<Workload> CreateIdentityLoad(
    const CordonTarget& target,
    std::function<absl::StatusOr<std::string>()> organization,
    std::vector<std::string>* created);
// RecordSignIn with a new event id each time, over the identities in turn,
// from `country`: "US" (the identities' usage location) changes nothing but
// the seen event id; another country raises one LOGIN_UNEXPECTED_COUNTRY
// escalation of the organization that every later sign-in joins (ESC-7).
std::unique_ptr<Workload> RecordSignInLoad(const CordonTarget& target,
                                           const std::string& name,
                                           const std::string& country);

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_CORDON_WORKLOADS_H_
