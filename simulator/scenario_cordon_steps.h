#ifndef CORDON_SIMULATOR_SCENARIO_CORDON_STEPS_H_
#define CORDON_SIMULATOR_SCENARIO_CORDON_STEPS_H_

#include <string>

#include "absl/status/status.h"
#include "cordon/sim/v1/scenario.pb.h"
#include "cordon/v1/incident.pb.h"
#include "simulator/scenario_state.h"

namespace cordon::sim {

// The steps that ask Cordon for something, as the SOC or an admin would
// over the API. Each returns Cordon's answer, which the step may expect
// (expect_code); a mistake of the scenario's own (unknown alias, fields
// that contradict each other) goes to `*mistake` instead, and OK is
// returned, so the two are never confused.
class CordonSteps {
 public:
  // `index` is the step's position in the file: it names the events the
  // step records when the scenario gives them no id.
  CordonSteps(ScenarioState& state, int index, absl::Status* mistake)
      : state_(state), index_(index), mistake_(mistake) {}

  absl::Status SendReport(const cordon::sim::v1::ScenarioSendReport& send);
  absl::Status CloseReport(const std::string& alias,
                           cordon::v1::IncidentReport::Status status);
  absl::Status IsolateOrRelease(const cordon::sim::v1::ScenarioManualAction& in,
                                bool isolate);
  absl::Status EnableInboxRule(
      const cordon::sim::v1::ScenarioEnableInboxRule& in);
  absl::Status RecordSignIn(const cordon::sim::v1::ScenarioRecordSignIn& in);
  absl::Status RecordEndpointStatus(
      const cordon::sim::v1::ScenarioEndpointStatus& in);
  absl::Status CreateAccessRule(
      const cordon::sim::v1::ScenarioCreateAccessRule& in);
  absl::Status AnswerEscalation(
      const cordon::sim::v1::ScenarioAnswerEscalation& in);
  // ISO-12/ISO-13: the organization's tenant inventory, run now.
  absl::Status SyncInventory(const std::string& organization);

 private:
  // Records `error` as the scenario's mistake; the step has no answer of
  // Cordon's.
  absl::Status Mistake(absl::Status error);

  ScenarioState& state_;
  const int index_;
  absl::Status* mistake_;
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SCENARIO_CORDON_STEPS_H_
