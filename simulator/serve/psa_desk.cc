#include "simulator/serve/psa_desk.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace cordon::sim::serve {
namespace {

// What a client that gave up would have got: the gateway's timeout.
constexpr int kGatewayTimeout = 504;

}  // namespace

WireAnswer PsaJson(int status, const nlohmann::json& body) {
  WireAnswer answer;
  answer.status = status;
  answer.body =
      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return answer;
}

absl::string_view PsaOperationName(PsaOperation operation) {
  switch (operation) {
    case PsaOperation::kDiscovery:
      return "discovery";
    case PsaOperation::kToken:
      return "token";
    case PsaOperation::kLookup:
      return "lookup";
    case PsaOperation::kCreate:
      return "create";
    case PsaOperation::kNote:
      return "note";
    case PsaOperation::kTest:
      return "test";
  }
  return "";
}

bool PsaDesk::Hits(const PsaFault& fault, PsaOperation operation) const {
  if (fault.failure == PsaFailure::kNone) return false;
  if (!fault.operation.empty()) {
    return fault.operation == PsaOperationName(operation);
  }
  return operation != PsaOperation::kDiscovery &&
         operation != PsaOperation::kToken;
}

PsaFault PsaDesk::Draw(PsaOperation operation) {
  std::lock_guard<std::mutex> lock(mutex_);
  PsaFault drawn = fault_;
  if (!Hits(fault_, operation)) {
    drawn.failure = PsaFailure::kNone;
    return drawn;
  }
  if (fault_.times > 0 && --fault_.times == 0) fault_ = PsaFault();
  return drawn;
}

bool PsaDesk::CredentialsExpired(PsaOperation operation) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return fault_.failure == PsaFailure::kExpiredCredentials &&
         (fault_.operation.empty() ||
          fault_.operation == PsaOperationName(operation));
}

void PsaDesk::Hold(int hold_ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  const uint64_t generation = generation_;
  released_.wait_for(lock, std::chrono::milliseconds(hold_ms),
                     [&] { return generation_ != generation; });
}

WireAnswer PsaDesk::Serve(PsaOperation operation,
                          const FaultAnswer& fault_answer,
                          const std::function<WireAnswer()>& work) {
  int delay_ms = 0;
  bool over_limit = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
    delay_ms = fault_.delay_ms;
    over_limit = limit_ > 0 && in_flight_ > limit_;
  }
  if (delay_ms > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  }
  PsaFault fault = over_limit ? PsaFault() : Draw(operation);
  if (over_limit) {
    fault.failure = PsaFailure::kThrottled;
    fault.retry_after_seconds = 1;
  }
  WireAnswer answer;
  switch (fault.failure) {
    case PsaFailure::kNone:
      answer = work();
      break;
    case PsaFailure::kTimeout:
      Hold(fault.hold_ms);
      answer.status = kGatewayTimeout;
      break;
    case PsaFailure::kTimeoutAfterEffect:
      answer = work();
      Hold(fault.hold_ms);
      break;
    default:
      answer = fault_answer(fault.failure, fault.retry_after_seconds);
      break;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --in_flight_;
  }
  answer.tenant = product_;
  if (over_limit) {
    answer.fault = "psa:thread_limit";
  } else if (fault.failure != PsaFailure::kNone) {
    answer.fault = absl::StrCat("psa:", PsaFailureName(fault.failure));
  }
  return answer;
}

int PsaDesk::in_flight() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return in_flight_;
}

int PsaDesk::max_in_flight() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return max_in_flight_;
}

void PsaDesk::SetFault(PsaFault fault) {
  std::lock_guard<std::mutex> lock(mutex_);
  fault_ = std::move(fault);
}

void PsaDesk::Fix() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    fault_ = PsaFault();
    ++generation_;
  }
  released_.notify_all();
}

int64_t PsaDesk::Create(DeskTicket ticket) {
  std::lock_guard<std::mutex> lock(mutex_);
  ticket.id = next_id_++;
  tickets_.push_back(std::move(ticket));
  return tickets_.back().id;
}

bool PsaDesk::AddNote(int64_t id, const std::string& note) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (DeskTicket& ticket : tickets_) {
    if (ticket.id != id) continue;
    ticket.notes.push_back(note);
    return true;
  }
  return false;
}

std::vector<DeskTicket> PsaDesk::FindByTitle(const std::string& text) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<DeskTicket> found;
  for (const DeskTicket& ticket : tickets_) {
    if (absl::StrContains(ticket.title, text)) found.push_back(ticket);
  }
  return found;
}

std::vector<DeskTicket> PsaDesk::Tickets() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return tickets_;
}

}  // namespace cordon::sim::serve
