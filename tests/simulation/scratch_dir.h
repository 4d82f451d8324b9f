#ifndef CORDON_TESTS_SIMULATION_SCRATCH_DIR_H_
#define CORDON_TESTS_SIMULATION_SCRATCH_DIR_H_

#include "simulator/simulation.h"
#include "testing/temp_dir.h"

namespace cordon::sim {

// Where a run keeps Cordon's RocksDB: in memory (/dev/shm) when the machine
// has it. The crashes simulated here are of the process, not of the machine,
// so what survives them is the same either way. path() is "" when no
// directory could be made: the simulation then makes its own.
class ScratchDir : public testing::TempDir {
 public:
  ScratchDir() : TempDir(Where::kMemoryIfAvailable) {}
};

// `options` with Cordon's data in `dir`.
inline SimulationOptions InDir(SimulationOptions options,
                               const ScratchDir& dir) {
  options.data_dir = dir.path();
  return options;
}

}  // namespace cordon::sim

#endif  // CORDON_TESTS_SIMULATION_SCRATCH_DIR_H_
