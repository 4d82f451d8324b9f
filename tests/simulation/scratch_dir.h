#ifndef CORDON_TESTS_SIMULATION_SCRATCH_DIR_H_
#define CORDON_TESTS_SIMULATION_SCRATCH_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "simulator/simulation.h"

namespace cordon::sim {

// Where a run keeps Cordon's RocksDB: in memory (/dev/shm) when the machine
// has it, else the temp dir. The crashes simulated here are of the process,
// not of the machine, so what survives them is the same either way; only the
// fsyncs of the synced writes, which dominate a run's wall time on disk,
// become free.
class ScratchDir {
 public:
  ScratchDir() {
    std::error_code error;
    std::filesystem::path base = "/dev/shm";
    if (!std::filesystem::is_directory(base, error)) {
      base = std::filesystem::temp_directory_path();
    }
    std::string templ = (base / "cordon-test-XXXXXX").string();
    if (mkdtemp(templ.data()) != nullptr) path_ = templ;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // "" when no directory could be made: the simulation then makes its own.
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// `options` with Cordon's data in `dir`.
inline SimulationOptions InDir(SimulationOptions options,
                               const ScratchDir& dir) {
  options.data_dir = dir.path();
  return options;
}

}  // namespace cordon::sim

#endif  // CORDON_TESTS_SIMULATION_SCRATCH_DIR_H_
