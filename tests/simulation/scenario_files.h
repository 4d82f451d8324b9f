#ifndef CORDON_TESTS_SIMULATION_SCENARIO_FILES_H_
#define CORDON_TESTS_SIMULATION_SCENARIO_FILES_H_

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "gtest/gtest.h"

namespace cordon::sim::scenario_files {

// tests/scenarios (set by CMake); the environment's CORDON_SCENARIO_DIR
// overrides.
inline std::filesystem::path ScenarioDir() {
  if (const char* dir = std::getenv("CORDON_SCENARIO_DIR")) return dir;
  return CORDON_SCENARIO_SOURCE_DIR;
}

// Every scenario file there, in name order.
inline std::vector<std::filesystem::path> ScenarioFiles() {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(ScenarioDir(), error)) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A parameterized test's name: the file's stem.
inline std::string ScenarioName(
    const ::testing::TestParamInfo<std::filesystem::path>& info) {
  return info.param.stem().string();
}

}  // namespace cordon::sim::scenario_files

#endif  // CORDON_TESTS_SIMULATION_SCENARIO_FILES_H_
