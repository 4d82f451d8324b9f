#ifndef CORDON_TOOLS_BENCH_GRPC_CORDON_SETUP_H_
#define CORDON_TOOLS_BENCH_GRPC_CORDON_SETUP_H_

#include <string>

#include "absl/status/statusor.h"
#include "tools/bench/grpc/cordon_workloads.h"

namespace cordon::bench::grpc_load {

// The synchronous calls that set up a run's data, with the target's key.
// An account with identity isolation on and the ISO-14 cap at its maximum
// (a run isolates hundreds on purpose).
absl::StatusOr<std::string> CreateBenchAccount(const CordonTarget& target);
// An organization of the account; bound to `m365_tenant_id` unless empty.
absl::StatusOr<std::string> CreateBenchOrganization(
    const CordonTarget& target, const std::string& m365_tenant_id);

// Makes `target`'s account and organization with `identities` identities
// (created through the load driver, 40 in flight), and names them in
// `target`.
absl::Status SetUpCordonTarget(int identities, CordonTarget* target);

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_CORDON_SETUP_H_
