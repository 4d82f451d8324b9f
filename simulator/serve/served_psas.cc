#include "simulator/serve/served_psas.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "simulator/serve/admin_body.h"

namespace cordon::sim::serve {
namespace {

using ::nlohmann::json;

// Autotask's thread limit: a fourth concurrent call is refused.
constexpr int kAutotaskThreadLimit = 3;
constexpr int kMaxHoldMs = 60'000;

constexpr PsaFailure kFailures[] = {
    PsaFailure::kNone,       PsaFailure::kExpiredCredentials,
    PsaFailure::kBadBoard,   PsaFailure::kThrottled,
    PsaFailure::kTimeout,    PsaFailure::kTimeoutAfterEffect,
    PsaFailure::kServerError};

constexpr PsaOperation kOperations[] = {
    PsaOperation::kDiscovery, PsaOperation::kToken, PsaOperation::kLookup,
    PsaOperation::kCreate,    PsaOperation::kNote,  PsaOperation::kTest};

WireAnswer NoProduct(const std::string& product) {
  return PsaJson(404, {{"error", absl::StrCat("no served PSA \"", product,
                                              "\" (connectwise, autotask, "
                                              "halopsa)")}});
}

// The knob from the body; problems go to `body`.
PsaFault ReadFault(AdminBody& body) {
  PsaFault fault;
  const std::string name = body.String("fault");
  bool known = false;
  for (PsaFailure failure : kFailures) {
    if (PsaFailureName(failure) == name) {
      fault.failure = failure;
      known = true;
    }
  }
  if (!known) body.Fail(absl::StrCat("fault \"", name, "\" is unknown"));
  fault.operation = body.String("operation", /*required=*/false);
  bool operation_known = fault.operation.empty();
  for (PsaOperation operation : kOperations) {
    if (PsaOperationName(operation) == fault.operation) operation_known = true;
  }
  if (!operation_known) body.Fail("operation is unknown");
  fault.times = body.Int("times", 0, 0, 1'000'000);
  fault.retry_after_seconds =
      body.Int("retry_after_seconds", fault.retry_after_seconds, 0, 86'400);
  fault.hold_ms = body.Int("hold_ms", fault.hold_ms, 0, kMaxHoldMs);
  fault.delay_ms = body.Int("delay_ms", 0, 0, kMaxHoldMs);
  return fault;
}

json TicketJson(const DeskTicket& ticket) {
  return {{"id", ticket.id},
          {"title", ticket.title},
          {"body", ticket.body},
          {"board", ticket.board},
          {"customer", ticket.customer},
          {"notes", ticket.notes}};
}

}  // namespace

ServedPsas::ServedPsas(ServedPsaAccounts accounts, const ports::Clock* clock)
    : accounts_(std::move(accounts)),
      connectwise_desk_("connectwise", 48213),
      autotask_desk_("autotask", 7716, kAutotaskThreadLimit),
      halo_desk_("halopsa", 1042),
      connectwise_(&accounts_.connectwise, &connectwise_desk_),
      autotask_(&accounts_.autotask, &autotask_desk_),
      halo_(&accounts_.halo, &halo_desk_, clock) {}

PsaDesk* ServedPsas::Desk(const std::string& product) {
  if (product == "connectwise") return &connectwise_desk_;
  if (product == "autotask") return &autotask_desk_;
  if (product == "halopsa") return &halo_desk_;
  return nullptr;
}

WireAnswer ServedPsas::SetFault(const WireRequest& request) {
  PsaDesk* desk = Desk(request.captures.at(0));
  if (desk == nullptr) return NoProduct(request.captures.at(0));
  AdminBody body(request.body);
  PsaFault fault = ReadFault(body);
  if (!body.ok()) return PsaJson(400, {{"error", body.error()}});
  desk->SetFault(std::move(fault));
  return PsaJson(200, {{"ok", true}});
}

WireAnswer ServedPsas::Fix(const WireRequest& request) {
  PsaDesk* desk = Desk(request.captures.at(0));
  if (desk == nullptr) return NoProduct(request.captures.at(0));
  desk->Fix();
  return PsaJson(200, {{"ok", true}});
}

WireAnswer ServedPsas::Tickets(const WireRequest& request) {
  PsaDesk* desk = Desk(request.captures.at(0));
  if (desk == nullptr) return NoProduct(request.captures.at(0));
  json tickets = json::array();
  for (const DeskTicket& ticket : desk->Tickets()) {
    tickets.push_back(TicketJson(ticket));
  }
  return PsaJson(200, {{"tickets", std::move(tickets)},
                       {"max_in_flight", desk->max_in_flight()}});
}

void ServedPsas::ReleaseAll() {
  connectwise_desk_.Fix();
  autotask_desk_.Fix();
  halo_desk_.Fix();
}

}  // namespace cordon::sim::serve
