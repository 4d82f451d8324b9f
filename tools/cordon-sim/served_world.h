#ifndef CORDON_TOOLS_CORDON_SIM_SERVED_WORLD_H_
#define CORDON_TOOLS_CORDON_SIM_SERVED_WORLD_H_

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

// A whole small file's text (a secret or a certificate); FAILED_PRECONDITION
// naming `what` when it cannot be read. One trailing newline is dropped.
absl::StatusOr<std::string> ReadSmallFile(const std::string& what,
                                          const std::string& path);

}  // namespace cordon::sim

#endif  // CORDON_TOOLS_CORDON_SIM_SERVED_WORLD_H_
