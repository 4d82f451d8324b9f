// Scenario files (simulator/scenario_parse, scenario_setup): any text is
// either refused with a status or parsed and set up: a world, Cordon's
// account, organizations, identities and users. Nothing may crash, whatever
// the scenario says. The steps are not run: they advance simulated days.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "simulator/scenario_parse.h"
#include "simulator/scenario_setup.h"
#include "simulator/scenario_state.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  auto scenario = cordon::sim::ParseScenario(text);
  if (!scenario.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(scenario.status()));
    return 0;
  }
  cordon::sim::ScenarioState state;
  absl::Status setup = cordon::sim::SetUpScenario(*scenario, /*seed=*/1, state);
  (void)setup;  // a refusal is fine; a crash is not
  return 0;
}
