#include "simulator/serve/connectwise_endpoints.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace cordon::sim::serve {
namespace {

using ::nlohmann::json;

WireAnswer Error(int status, const std::string& code,
                 const std::string& message) {
  return PsaJson(status, {{"code", code}, {"message", message}});
}

WireAnswer InvalidBoard() {
  return PsaJson(400, {{"code", "InvalidObject"},
                       {"message", "ticket object is invalid"},
                       {"errors",
                        {{{"code", "InvalidBoard"},
                          {"message",
                           "The board you have selected is not "
                           "valid."},
                          {"resource", "ticket"},
                          {"field", "board"}}}}});
}

WireAnswer ConnectWiseFaultAnswer(PsaFailure failure, int retry_after) {
  switch (failure) {
    case PsaFailure::kExpiredCredentials:
      return Error(401, "Unauthorized",
                   "The API key is not valid for this company.");
    case PsaFailure::kBadBoard:
      return InvalidBoard();
    case PsaFailure::kThrottled: {
      WireAnswer answer =
          Error(429, "TooManyRequests", "Too many requests; slow down.");
      answer.headers.push_back({"Retry-After", absl::StrCat(retry_after)});
      return answer;
    }
    default:
      return Error(500, "UnexpectedServerError", "An error occurred.");
  }
}

// The quoted text of `summary contains "..."`, unescaped; "" otherwise.
std::string ContainsText(const std::string& conditions) {
  const std::string prefix = "summary contains \"";
  if (conditions.rfind(prefix, 0) != 0 ||
      conditions.size() < prefix.size() + 1 || conditions.back() != '"') {
    return "";
  }
  std::string text;
  for (size_t i = prefix.size(); i + 1 < conditions.size(); ++i) {
    if (conditions[i] == '\\' && i + 2 < conditions.size()) ++i;
    text.push_back(conditions[i]);
  }
  return text;
}

json ConnectWiseTicketJson(const DeskTicket& ticket) {
  return {{"id", ticket.id},
          {"summary", ticket.title},
          {"recordType", "ServiceTicket"},
          {"board", {{"id", std::stoll(ticket.board)}, {"name", "Help Desk"}}},
          {"status", {{"id", 1}, {"name", "New"}}},
          {"company", {{"id", 250}, {"identifier", ticket.customer}}},
          {"_info", {{"updatedBy", "cordon"}}}};
}

}  // namespace

WireAnswer ConnectWiseEndpoints::Serve(
    PsaOperation operation, const WireRequest& request,
    const std::function<WireAnswer()>& work) const {
  const std::string expected = absl::StrCat(
      "Basic ", absl::Base64Escape(absl::StrCat(account_->company_id, "+",
                                                account_->public_key, ":",
                                                account_->private_key)));
  auto client = request.headers.find("clientid");
  if (request.authorization != expected || client == request.headers.end() ||
      client->second != account_->client_id) {
    WireAnswer refused =
        ConnectWiseFaultAnswer(PsaFailure::kExpiredCredentials, 0);
    refused.tenant = desk_->product();
    return refused;
  }
  return desk_->Serve(operation, ConnectWiseFaultAnswer, work);
}

WireAnswer ConnectWiseEndpoints::CompanyInfo(const WireRequest& request) const {
  return desk_->Serve(PsaOperation::kDiscovery, ConnectWiseFaultAnswer, [&] {
    if (request.captures.at(0) != account_->company_id) {
      return Error(404, "NotFound", "Company not found.");
    }
    return PsaJson(200, {{"CompanyName", "Contoso MSP"},
                         {"Codebase", account_->codebase},
                         {"VersionCode", "v2025.1"},
                         {"VersionNumber", "v4.6"},
                         {"CompanyID", account_->company_id},
                         {"IsCloud", true},
                         {"SiteUrl", request.host}});
  });
}

WireAnswer ConnectWiseEndpoints::ListTickets(const WireRequest& request) const {
  return Serve(PsaOperation::kLookup, request, [&] {
    auto conditions = request.query.find("conditions");
    const std::string text = conditions == request.query.end()
                                 ? ""
                                 : ContainsText(conditions->second);
    if (text.empty()) {
      return Error(400, "InvalidQuery",
                   "conditions must be summary contains \"...\"");
    }
    json list = json::array();
    for (const DeskTicket& ticket : desk_->FindByTitle(text)) {
      list.push_back({{"id", ticket.id}, {"summary", ticket.title}});
    }
    return PsaJson(200, list);
  });
}

WireAnswer ConnectWiseEndpoints::CreateTicket(
    const WireRequest& request) const {
  return Serve(PsaOperation::kCreate, request, [&] {
    const json body = json::parse(request.body, nullptr, false);
    DeskTicket ticket;
    if (!body.is_object() || !body.contains("summary") ||
        !body["summary"].is_string() || !body.contains("board") ||
        !body["board"].is_object() || !body["board"].contains("id") ||
        !body["board"]["id"].is_number_integer()) {
      return Error(400, "InvalidObject", "ticket object is invalid");
    }
    ticket.title = body["summary"].get<std::string>();
    ticket.board = absl::StrCat(body["board"]["id"].get<int64_t>());
    if (ticket.title.size() > 100) {
      return Error(400, "InvalidObject", "summary is longer than 100");
    }
    if (account_->boards.count(ticket.board) == 0) return InvalidBoard();
    if (body.contains("initialDescription") &&
        body["initialDescription"].is_string()) {
      ticket.body = body["initialDescription"].get<std::string>();
    }
    if (body.contains("company")) ticket.customer = body["company"].dump();
    ticket.id = desk_->Create(ticket);
    return PsaJson(201, ConnectWiseTicketJson(ticket));
  });
}

WireAnswer ConnectWiseEndpoints::AddNote(const WireRequest& request) const {
  return Serve(PsaOperation::kNote, request, [&] {
    const json body = json::parse(request.body, nullptr, false);
    int64_t id = 0;
    if (!body.is_object() || !body.contains("text") ||
        !body["text"].is_string() ||
        !absl::SimpleAtoi(request.captures.at(0), &id)) {
      return Error(400, "InvalidObject", "note object is invalid");
    }
    const std::string text = body["text"].get<std::string>();
    if (!desk_->AddNote(id, text)) {
      return Error(404, "NotFound", "Ticket not found.");
    }
    return PsaJson(201, {{"id", 90000 + id},
                         {"ticketId", id},
                         {"text", text},
                         {"detailDescriptionFlag", true},
                         {"internalAnalysisFlag", false}});
  });
}

WireAnswer ConnectWiseEndpoints::GetBoard(const WireRequest& request) const {
  return Serve(PsaOperation::kTest, request, [&] {
    const std::string& id = request.captures.at(0);
    if (account_->boards.count(id) == 0) {
      return Error(404, "NotFound", "Board not found.");
    }
    return PsaJson(200, {{"id", std::stoll(id)},
                         {"name", "Help Desk"},
                         {"inactiveFlag", false}});
  });
}

}  // namespace cordon::sim::serve
