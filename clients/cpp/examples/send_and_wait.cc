// Writes an incident report about one identity, sends it and waits (through
// the event stream) until the identity is isolated.
//
//   send_and_wait ADDRESS KEY_FILE ORGANIZATION IDENTITY [SECONDS]
#include <iostream>

#include "clients/cpp/examples/connect.h"
#include "cordon/client/flows.h"
#include "cordon/v1/incident.grpc.pb.h"

namespace v1 = cordon::v1;

int main(int argc, char** argv) {
  if (!cordon_examples::ArgumentsFit(
          argc, 4, 5,
          "send_and_wait ADDRESS KEY_FILE ORGANIZATION IDENTITY [SECONDS]")) {
    return 2;
  }
  absl::StatusOr<cordon::client::Client> client =
      cordon_examples::Connect(argv[1], argv[2]);
  if (!client.ok()) return cordon_examples::Fail(client.status());
  v1::CreateIncidentReportRequest create;
  create.set_parent(argv[3]);
  v1::IncidentReport* report = create.mutable_incident_report();
  report->set_title("Sign-in from a known-bad IP");
  report->set_severity(v1::CRITICAL);
  report->set_isolation_worthy(true);
  report->add_identities(argv[4]);
  auto draft =
      client->Call(&v1::IncidentService::Stub::CreateIncidentReport, create);
  if (!draft.ok()) return cordon_examples::Fail(draft.status());
  const absl::Time deadline =
      absl::Now() + absl::Seconds(argc == 6 ? std::atoi(argv[5]) : 60);
  auto result = cordon::client::SendReportAndWait(*client, draft->name(),
                                                  deadline, draft->etag());
  if (!result.ok()) return cordon_examples::Fail(result.status());
  for (const auto& identity : result->identities) {
    std::cout << identity.identity << " "
              << v1::Identity::IsolationState_Name(identity.state) << "\n";
    for (const auto& action : identity.failed_actions) {
      std::cout << "  failed: " << action.detail() << "\n";
    }
  }
  if (!result->complete) std::cout << "deadline passed\n";
  return result->AllIsolated() ? 0 : 1;
}
