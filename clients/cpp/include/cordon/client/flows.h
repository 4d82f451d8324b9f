#ifndef CORDON_CLIENT_FLOWS_H_
#define CORDON_CLIENT_FLOWS_H_

// The few multi-call flows every integration writes: send an incident
// report and wait until its identities are isolated, answer an escalation,
// record sign-ins in bulk.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cordon/client/client.h"
#include "cordon/v1/telemetry.pb.h"

namespace cordon::client {

// Where one identity of a sent report stands.
struct IsolationOutcome {
  std::string identity;
  v1::Identity::IsolationState state =
      v1::Identity::ISOLATION_STATE_UNSPECIFIED;
  // Settled: ISOLATED, LIMITED (ISO-9), AWAITING_CONFIRMATION (ISO-14) or
  // skipped (excluded or the account toggle off, ISO-1/ISO-7).
  bool settled = false;
  bool skipped = false;
  // Response actions on this identity that FAILED (see their detail).
  std::vector<v1::ResponseAction> failed_actions;
};

struct SendAndWaitResult {
  v1::IncidentReport report;  // as SendIncidentReport returned it
  std::vector<IsolationOutcome> identities;
  // Every identity settled before the deadline.
  bool complete = false;
  bool AllIsolated() const;
};

// Opens a watch on the report's organization, waits for its first bookmark
// (so nothing that follows can be missed), sends `report` (with `etag`,
// "" for unconditional), then follows IDENTITY_STATE_CHANGED and
// RESPONSE_ACTION_CHANGED until each of the report's identities is settled
// or `deadline` passes (then complete is false). A report that is not
// isolation-worthy returns at once, complete. Errors: a bad report name,
// the send's error, the watch's error.
absl::StatusOr<SendAndWaitResult> SendReportAndWait(
    const Client& client, const std::string& report, absl::Time deadline,
    const std::string& etag = "");

// Answers the escalation `name` (ESC-3). With an empty `etag` the current
// one is read first, so the answer applies to what the escalation is now;
// a stale etag is ABORTED.
absl::StatusOr<v1::Escalation> AnswerEscalation(
    const Client& client, const std::string& name,
    const v1::EscalationAnswer& answer, const std::string& etag = "");
// The two determinations of a login escalation, with their scope.
v1::EscalationAnswer ExpectedAnswer(v1::EscalationAnswer::Scope scope,
                                    const std::string& note = "");
v1::EscalationAnswer UnauthorizedAnswer(v1::EscalationAnswer::Scope scope,
                                        const std::string& note = "");

struct IngestOptions {
  // Calls in flight at once.
  int max_in_flight = 8;
};

struct IngestResult {
  int recorded = 0;
  int duplicates = 0;  // the server had the event_id already
  // Index into the input and why, for events that could not be recorded.
  std::vector<std::pair<size_t, absl::Status>> failed;
};

// Records `sign_ins` through TelemetryService.RecordSignIn, max_in_flight at
// a time, each call retried as Client::Call does. An empty event_id is
// filled with a fresh id so a retry is recognised as a duplicate.
IngestResult IngestSignIns(const Client& client,
                           std::vector<v1::SignInEvent> sign_ins,
                           const IngestOptions& options = {});

}  // namespace cordon::client

#endif  // CORDON_CLIENT_FLOWS_H_
