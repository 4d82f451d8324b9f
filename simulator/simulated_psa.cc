#include "simulator/simulated_psa.h"

#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/core/check.h"
#include "server/core/fingerprint.h"

namespace cordon::sim {
namespace {

constexpr absl::string_view kPsa = "psa";

absl::string_view CallName(SimulatedPsaCall::Operation operation) {
  switch (operation) {
    case SimulatedPsaCall::Operation::kCreateTicket:
      return "create_ticket";
    case SimulatedPsaCall::Operation::kAddTicketNote:
      return "add_ticket_note";
    case SimulatedPsaCall::Operation::kTestConnection:
      return "test_connection";
  }
  return "unknown";
}

// Tickets are per PSA, and each account has its own PSA: the same reference
// in two accounts is two tickets.
std::string ReferenceKey(const std::string& account,
                         const std::string& reference) {
  return absl::StrCat(account, "\n", reference);
}

ports::PsaCallOutcome PsaAnswer(int http_status, std::string message = "") {
  ports::PsaCallOutcome outcome;
  outcome.http_status = http_status;
  outcome.message = std::move(message);
  return outcome;
}

void AddOutcomeFields(PsaFailure failure, const ports::PsaCallOutcome& outcome,
                      EventFields* fields) {
  if (failure != PsaFailure::kNone) {
    fields->emplace_back("failure", std::string(PsaFailureName(failure)));
  }
  if (!outcome.ticket_id.empty()) {
    fields->emplace_back("ticket", outcome.ticket_id);
  }
  if (outcome.timed_out) {
    fields->emplace_back("timed_out", "true");
  } else {
    fields->emplace_back("http", absl::StrCat(outcome.http_status));
  }
  if (outcome.retry_after.has_value()) {
    fields->emplace_back("retry_after",
                         absl::FormatDuration(*outcome.retry_after));
  }
  if (!outcome.message.empty())
    fields->emplace_back("message", outcome.message);
}

bool Succeeded(const ports::PsaCallOutcome& outcome) {
  return !outcome.timed_out && outcome.http_status >= 200 &&
         outcome.http_status < 300;
}

}  // namespace

absl::string_view PsaFailureName(PsaFailure failure) {
  switch (failure) {
    case PsaFailure::kNone:
      return "none";
    case PsaFailure::kExpiredCredentials:
      return "expired_credentials";
    case PsaFailure::kBadBoard:
      return "bad_board";
    case PsaFailure::kThrottled:
      return "throttled";
    case PsaFailure::kTimeout:
      return "timeout";
    case PsaFailure::kTimeoutAfterEffect:
      return "timeout_after_effect";
    case PsaFailure::kServerError:
      return "server_error";
  }
  return "unknown";
}

SimulatedPsa::SimulatedPsa(const ports::Clock* clock, EventLog* log)
    : clock_(clock), log_(log) {
  CORDON_CHECK(clock_ != nullptr && log_ != nullptr,
               "SimulatedPsa needs a clock and a log");
}

PsaFailure SimulatedPsa::NextFailure(const std::string& account) {
  if (fail_next_ > 0) {
    --fail_next_;
    return fail_next_failure_;
  }
  if (auto it = account_failures_.find(account);
      it != account_failures_.end()) {
    return it->second;
  }
  return failure_;
}

ports::PsaCallOutcome SimulatedPsa::FailureOutcome(PsaFailure failure) const {
  ports::PsaCallOutcome outcome;
  switch (failure) {
    case PsaFailure::kNone:
      break;
    case PsaFailure::kExpiredCredentials:
      outcome = PsaAnswer(401, "token expired");
      break;
    case PsaFailure::kBadBoard:
      outcome = PsaAnswer(400, "invalid board");
      break;
    case PsaFailure::kThrottled:
      outcome = PsaAnswer(429, "too many requests");
      outcome.retry_after = retry_after_;
      break;
    case PsaFailure::kTimeout:
    case PsaFailure::kTimeoutAfterEffect:
      outcome = PsaAnswer(0);
      outcome.timed_out = true;
      break;
    case PsaFailure::kServerError:
      outcome = PsaAnswer(500, "internal server error");
      break;
  }
  return outcome;
}

size_t SimulatedPsa::CreateOrFind(const ports::PsaConnection& connection,
                                  const ports::PsaTicket& ticket,
                                  bool* existed) {
  const std::string key = ReferenceKey(connection.account, ticket.reference);
  if (auto it = by_reference_.find(key); it != by_reference_.end()) {
    *existed = true;
    return it->second;
  }
  *existed = false;
  SimulatedTicket created;
  created.id = absl::StrCat("T-", tickets_.size() + 1);
  created.account = connection.account;
  created.kind = connection.kind;
  created.board = connection.board;
  created.reference = ticket.reference;
  created.title = ticket.title;
  created.body = ticket.body;
  created.priority = ticket.priority;
  created.created = clock_->Now();
  const size_t index = tickets_.size();
  by_reference_.emplace(key, index);
  by_id_.emplace(created.id, index);
  tickets_.push_back(std::move(created));
  return index;
}

void SimulatedPsa::Record(SimulatedPsaCall call, EventFields fields) {
  if (!Succeeded(call.outcome)) ++failed_calls_;
  AddOutcomeFields(call.failure, call.outcome, &fields);
  log_->Append(kPsa, CallName(call.operation), fields);
  calls_.push_back(std::move(call));
}

ports::PsaCallOutcome SimulatedPsa::CreateTicket(
    const ports::PsaConnection& connection, const ports::PsaTicket& ticket) {
  std::lock_guard<std::mutex> lock(mu_);
  // The body is left out of the line to keep it short; its hash still puts
  // it under the determinism check.
  EventFields fields = {
      {"account", connection.account},
      {"board", connection.board},
      {"reference", ticket.reference},
      {"priority", ticket.priority},
      {"title", ticket.title},
      {"body_fnv", absl::StrCat(absl::Hex(core::Fingerprint(ticket.body),
                                          absl::kZeroPad16))}};
  SimulatedPsaCall call;
  call.operation = SimulatedPsaCall::Operation::kCreateTicket;
  call.account = connection.account;
  call.target = ticket.reference;
  call.time = clock_->Now();
  call.failure = NextFailure(connection.account);
  if (call.failure != PsaFailure::kNone) {
    call.outcome = FailureOutcome(call.failure);
    if (call.failure == PsaFailure::kTimeoutAfterEffect) {
      bool existed = false;
      const size_t index = CreateOrFind(connection, ticket, &existed);
      // The answer is lost, so the caller never learns this id.
      fields.emplace_back("effect_ticket", tickets_[index].id);
    }
  } else {
    bool existed = false;
    const size_t index = CreateOrFind(connection, ticket, &existed);
    call.outcome = PsaAnswer(existed ? 200 : 201);
    call.outcome.ticket_id = tickets_[index].id;
    if (existed) {
      ++deduplicated_;
      fields.emplace_back("deduplicated", "true");
    }
  }
  ports::PsaCallOutcome outcome = call.outcome;
  Record(std::move(call), std::move(fields));
  return outcome;
}

ports::PsaCallOutcome SimulatedPsa::AddTicketNote(
    const ports::PsaConnection& connection, const std::string& ticket_id,
    const std::string& note) {
  std::lock_guard<std::mutex> lock(mu_);
  EventFields fields = {
      {"account", connection.account},
      {"ticket_id", ticket_id},
      {"note_fnv",
       absl::StrCat(absl::Hex(core::Fingerprint(note), absl::kZeroPad16))}};
  SimulatedPsaCall call;
  call.operation = SimulatedPsaCall::Operation::kAddTicketNote;
  call.account = connection.account;
  call.target = ticket_id;
  call.time = clock_->Now();
  call.failure = NextFailure(connection.account);
  auto it = by_id_.find(ticket_id);
  // A PSA only shows an account its own tickets.
  const bool found =
      it != by_id_.end() && tickets_[it->second].account == connection.account;
  const bool applies = call.failure == PsaFailure::kNone ||
                       call.failure == PsaFailure::kTimeoutAfterEffect;
  if (applies && found) {
    tickets_[it->second].notes.push_back({note, call.time});
  }
  if (call.failure != PsaFailure::kNone) {
    call.outcome = FailureOutcome(call.failure);
  } else if (found) {
    call.outcome = PsaAnswer(201);
  } else {
    call.outcome = PsaAnswer(404, "ticket not found");
  }
  ports::PsaCallOutcome outcome = call.outcome;
  Record(std::move(call), std::move(fields));
  return outcome;
}

ports::PsaCallOutcome SimulatedPsa::TestConnection(
    const ports::PsaConnection& connection) {
  std::lock_guard<std::mutex> lock(mu_);
  EventFields fields = {{"account", connection.account},
                        {"board", connection.board}};
  SimulatedPsaCall call;
  call.operation = SimulatedPsaCall::Operation::kTestConnection;
  call.account = connection.account;
  call.target = connection.board;
  call.time = clock_->Now();
  call.failure = NextFailure(connection.account);
  call.outcome = call.failure == PsaFailure::kNone
                     ? PsaAnswer(200)
                     : FailureOutcome(call.failure);
  ports::PsaCallOutcome outcome = call.outcome;
  Record(std::move(call), std::move(fields));
  return outcome;
}

void SimulatedPsa::SetFailure(PsaFailure failure) {
  std::lock_guard<std::mutex> lock(mu_);
  failure_ = failure;
  log_->Append(kPsa, "set_failure",
               {{"failure", std::string(PsaFailureName(failure))}});
}

void SimulatedPsa::SetAccountFailure(const std::string& account,
                                     PsaFailure failure) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failure == PsaFailure::kNone) {
    account_failures_.erase(account);
  } else {
    account_failures_[account] = failure;
  }
  log_->Append(kPsa, "set_account_failure",
               {{"account", account},
                {"failure", std::string(PsaFailureName(failure))}});
}

void SimulatedPsa::FailNext(int n, PsaFailure failure) {
  CORDON_CHECK(n >= 0, "FailNext needs a count of at least 0");
  std::lock_guard<std::mutex> lock(mu_);
  fail_next_ = n;
  fail_next_failure_ = failure;
  log_->Append(kPsa, "fail_next",
               {{"n", absl::StrCat(n)},
                {"failure", std::string(PsaFailureName(failure))}});
}

void SimulatedPsa::SetRetryAfter(absl::Duration retry_after) {
  CORDON_CHECK(retry_after >= absl::ZeroDuration(),
               "Retry-After cannot be negative");
  std::lock_guard<std::mutex> lock(mu_);
  retry_after_ = retry_after;
  log_->Append(kPsa, "set_retry_after",
               {{"retry_after", absl::FormatDuration(retry_after)}});
}

void SimulatedPsa::Fix() {
  std::lock_guard<std::mutex> lock(mu_);
  failure_ = PsaFailure::kNone;
  account_failures_.clear();
  fail_next_ = 0;
  fail_next_failure_ = PsaFailure::kNone;
  log_->Append(kPsa, "fixed", {});
}

std::vector<SimulatedTicket> SimulatedPsa::tickets() const {
  std::lock_guard<std::mutex> lock(mu_);
  return tickets_;
}

absl::optional<SimulatedTicket> SimulatedPsa::Ticket(
    const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return absl::nullopt;
  return tickets_[it->second];
}

absl::optional<SimulatedTicket> SimulatedPsa::TicketByReference(
    const std::string& reference) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const SimulatedTicket& ticket : tickets_) {
    if (ticket.reference == reference) return ticket;
  }
  return absl::nullopt;
}

std::vector<SimulatedPsaCall> SimulatedPsa::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

size_t SimulatedPsa::call_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_.size();
}

size_t SimulatedPsa::failed_call_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failed_calls_;
}

size_t SimulatedPsa::deduplicated_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return deduplicated_;
}

}  // namespace cordon::sim
