#ifndef CORDON_TOOLS_CORDON_SIM_SERVED_WORLD_H_
#define CORDON_TOOLS_CORDON_SIM_SERVED_WORLD_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "cordon/sim/v1/served_world.pb.h"
#include "simulator/serve/sim_server.h"
#include "simulator/world.h"

namespace cordon::sim {

// Reads a world file (cordon.sim.v1.ServedWorld, text format);
// INVALID_ARGUMENT with the parser's line and column, or naming the file.
absl::StatusOr<cordon::sim::v1::ServedWorld> LoadServedWorld(
    const std::string& path);

// The file's tenants and users into `world`, and its app, faults and knobs
// as ServeOptions (secret and certificate files read). Errors name the
// field ("faults.latency_max: ...").
absl::StatusOr<serve::ServeOptions> SetUpServedWorld(
    const cordon::sim::v1::ServedWorld& file, World& world);

inline constexpr size_t kMaxSmallFileBytes = 1 << 20;

// A whole small file's text (a secret, a certificate, a world file);
// FAILED_PRECONDITION naming `what` when it cannot be read or is larger
// than `max_bytes`. One trailing newline is dropped.
absl::StatusOr<std::string> ReadSmallFile(
    const std::string& what, const std::string& path,
    size_t max_bytes = kMaxSmallFileBytes);

}  // namespace cordon::sim

#endif  // CORDON_TOOLS_CORDON_SIM_SERVED_WORLD_H_
