#include "cordon/client/flows.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cordon/client/names.h"
#include "cordon/client/watch.h"
#include "cordon/v1/escalation.grpc.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/incident.grpc.pb.h"
#include "cordon/v1/telemetry.grpc.pb.h"

namespace cordon::client {
namespace {

using State = v1::Identity::IsolationState;

bool Settles(State state) {
  return state == v1::Identity::ISOLATED || state == v1::Identity::LIMITED ||
         state == v1::Identity::AWAITING_CONFIRMATION;
}

// Applies one event to the outcomes; true when it changed one.
void Apply(const v1::Event& event, const std::string& report,
           std::vector<IsolationOutcome>* outcomes) {
  for (IsolationOutcome& outcome : *outcomes) {
    if (event.has_identity() && event.identity().name() == outcome.identity) {
      outcome.state = event.identity().isolation_state();
      outcome.settled = outcome.settled || Settles(outcome.state);
    }
    if (!event.has_response_action() || event.resource() != report ||
        event.response_action().identity() != outcome.identity) {
      continue;
    }
    const v1::ResponseAction& action = event.response_action();
    if (action.outcome() == v1::ResponseAction::FAILED) {
      outcome.failed_actions.push_back(action);
    }
    if (action.kind() == v1::ResponseAction::ISOLATION_SKIPPED) {
      outcome.skipped = outcome.settled = true;
    }
  }
}

bool AllSettled(const std::vector<IsolationOutcome>& outcomes) {
  return std::all_of(outcomes.begin(), outcomes.end(),
                     [](const IsolationOutcome& o) { return o.settled; });
}

// Waits for the watch's first bookmark: from then on it misses nothing.
absl::Status AwaitLive(EventWatch& watch, absl::Time deadline) {
  while (true) {
    absl::StatusOr<v1::Event> event = watch.Next(deadline);
    if (!event.ok()) return event.status();
    if (event->type() == v1::Event::BOOKMARK) return absl::OkStatus();
  }
}

// The identities' states now: one already isolated by an earlier hold sees
// no state change event.
absl::Status ReadStates(const Client& client,
                        std::vector<IsolationOutcome>* outcomes) {
  for (IsolationOutcome& outcome : *outcomes) {
    v1::GetIdentityRequest request;
    request.set_name(outcome.identity);
    absl::StatusOr<v1::Identity> identity =
        client.Call(&v1::IdentityService::Stub::GetIdentity, request);
    if (!identity.ok()) return identity.status();
    outcome.state = identity->isolation_state();
    outcome.settled = Settles(outcome.state);
  }
  return absl::OkStatus();
}

}  // namespace

bool SendAndWaitResult::AllIsolated() const {
  return complete && std::all_of(identities.begin(), identities.end(),
                                 [](const IsolationOutcome& o) {
                                   return o.state == v1::Identity::ISOLATED;
                                 });
}

absl::StatusOr<SendAndWaitResult> SendReportAndWait(const Client& client,
                                                    const std::string& report,
                                                    absl::Time deadline,
                                                    const std::string& etag) {
  absl::StatusOr<names::ResourceName> name =
      names::Parse(report, names::Kind::kIncidentReport);
  if (!name.ok()) return name.status();
  WatchOptions options;
  options.parent = name->Ancestor(names::Kind::kAccount);
  options.organization = name->Ancestor(names::Kind::kOrganization);
  options.types = {v1::Event::IDENTITY_STATE_CHANGED,
                   v1::Event::RESPONSE_ACTION_CHANGED};
  options.deliver_bookmarks = true;
  EventWatch watch(client, options);
  if (absl::Status live = AwaitLive(watch, deadline); !live.ok()) return live;
  v1::SendIncidentReportRequest send;
  send.set_name(report);
  send.set_etag(etag);
  absl::StatusOr<v1::IncidentReport> sent =
      client.Call(&v1::IncidentService::Stub::SendIncidentReport, send);
  if (!sent.ok()) return sent.status();
  SendAndWaitResult result;
  result.report = *sent;
  if (!sent->isolation_worthy()) {
    result.complete = true;
    return result;
  }
  for (const std::string& identity : sent->identities()) {
    IsolationOutcome outcome;
    outcome.identity = identity;
    result.identities.push_back(std::move(outcome));
  }
  if (absl::Status read = ReadStates(client, &result.identities); !read.ok()) {
    return read;
  }
  while (!AllSettled(result.identities)) {
    absl::StatusOr<v1::Event> event = watch.Next(deadline);
    if (absl::IsDeadlineExceeded(event.status())) return result;
    if (!event.ok()) return event.status();
    Apply(*event, report, &result.identities);
  }
  result.complete = true;
  return result;
}

absl::StatusOr<v1::Escalation> AnswerEscalation(
    const Client& client, const std::string& name,
    const v1::EscalationAnswer& answer, const std::string& etag) {
  if (absl::StatusOr<names::ResourceName> parsed =
          names::Parse(name, names::Kind::kEscalation);
      !parsed.ok()) {
    return parsed.status();
  }
  v1::AnswerEscalationRequest request;
  request.set_name(name);
  *request.mutable_answer() = answer;
  request.set_etag(etag);
  if (etag.empty()) {
    v1::GetEscalationRequest get;
    get.set_name(name);
    absl::StatusOr<v1::Escalation> current =
        client.Call(&v1::EscalationService::Stub::GetEscalation, get);
    if (!current.ok()) return current.status();
    request.set_etag(current->etag());
  }
  return client.Call(&v1::EscalationService::Stub::AnswerEscalation, request);
}

v1::EscalationAnswer ExpectedAnswer(v1::EscalationAnswer::Scope scope,
                                    const std::string& note) {
  v1::EscalationAnswer answer;
  answer.set_determination(v1::AccessRule::EXPECTED);
  answer.set_scope(scope);
  answer.set_note(note);
  return answer;
}

v1::EscalationAnswer UnauthorizedAnswer(v1::EscalationAnswer::Scope scope,
                                        const std::string& note) {
  v1::EscalationAnswer answer = ExpectedAnswer(scope, note);
  answer.set_determination(v1::AccessRule::UNAUTHORIZED);
  return answer;
}

IngestResult IngestSignIns(const Client& client,
                           std::vector<v1::SignInEvent> sign_ins,
                           const IngestOptions& options) {
  for (v1::SignInEvent& sign_in : sign_ins) {
    if (sign_in.event_id().empty()) sign_in.set_event_id(client.NewRequestId());
  }
  std::vector<absl::StatusOr<v1::RecordSignInResponse>> answers(
      sign_ins.size(), absl::UnknownError("not sent"));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < sign_ins.size(); i = next++) {
      v1::RecordSignInRequest request;
      *request.mutable_sign_in() = sign_ins[i];
      answers[i] =
          client.Call(&v1::TelemetryService::Stub::RecordSignIn, request);
    }
  };
  std::vector<std::thread> workers;
  const size_t threads = std::clamp<size_t>(
      options.max_in_flight, 1, std::max<size_t>(sign_ins.size(), 1));
  for (size_t t = 0; t < threads; ++t) workers.emplace_back(work);
  for (std::thread& worker : workers) worker.join();
  IngestResult result;
  for (size_t i = 0; i < answers.size(); ++i) {
    if (!answers[i].ok()) {
      result.failed.emplace_back(i, answers[i].status());
    } else if (answers[i]->duplicate()) {
      ++result.duplicates;
    } else {
      ++result.recorded;
    }
  }
  return result;
}

}  // namespace cordon::client
