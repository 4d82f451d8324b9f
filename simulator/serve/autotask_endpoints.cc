#include "simulator/serve/autotask_endpoints.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace cordon::sim::serve {
namespace {

using ::nlohmann::json;

WireAnswer Errors(int status, const std::string& words) {
  return PsaJson(status, {{"errors", {words}}});
}

WireAnswer BadQueue() {
  return Errors(500, "Value does not exist for the required field queueID.");
}

WireAnswer AutotaskFaultAnswer(PsaFailure failure, int retry_after) {
  switch (failure) {
    case PsaFailure::kExpiredCredentials:
      return Errors(401, "Authorization has been denied for this request.");
    case PsaFailure::kBadBoard:
      return BadQueue();
    case PsaFailure::kThrottled: {
      WireAnswer answer = Errors(
          429, "Thread threshold exceeded for this endpoint; retry later.");
      answer.headers.push_back({"Retry-After", absl::StrCat(retry_after)});
      return answer;
    }
    default:
      return Errors(500, "An unexpected error has occurred.");
  }
}

bool AutotaskIsInt(const json& body, const char* key) {
  return body.contains(key) && body[key].is_number_integer();
}

bool AutotaskIsString(const json& body, const char* key) {
  return body.contains(key) && body[key].is_string();
}

// The value of the filter's {"op":"contains","field":"title"}; "" if none.
std::string TitleContains(const json& query) {
  if (!query.is_object() || !query.contains("filter") ||
      !query["filter"].is_array()) {
    return "";
  }
  for (const json& item : query["filter"]) {
    if (item.is_object() && item.value("op", json()).is_string() &&
        item["op"] == "contains" && item.value("field", json()) == "title" &&
        AutotaskIsString(item, "value")) {
      return item["value"].get<std::string>();
    }
  }
  return "";
}

}  // namespace

WireAnswer AutotaskEndpoints::Serve(
    PsaOperation operation, const WireRequest& request,
    const std::function<WireAnswer()>& work) const {
  auto header = [&](const char* name) {
    auto found = request.headers.find(name);
    return found == request.headers.end() ? std::string() : found->second;
  };
  if (header("apiintegrationcode") != account_->integration_code ||
      header("username") != account_->username ||
      header("secret") != account_->secret) {
    WireAnswer refused =
        AutotaskFaultAnswer(PsaFailure::kExpiredCredentials, 0);
    refused.tenant = desk_->product();
    return refused;
  }
  return desk_->Serve(operation, AutotaskFaultAnswer, work);
}

WireAnswer AutotaskEndpoints::ZoneInformation(
    const WireRequest& request) const {
  return desk_->Serve(PsaOperation::kDiscovery, AutotaskFaultAnswer, [&] {
    auto user = request.query.find("user");
    if (user == request.query.end() || user->second != account_->username) {
      return Errors(404, "No zone for this user.");
    }
    return PsaJson(200,
                   {{"zoneName", "Served Zone"},
                    {"url", absl::StrCat("https://", request.host,
                                         account_->zone_path, "/")},
                    {"webUrl", absl::StrCat("https://", request.host, "/")},
                    {"ci", 70423}});
  });
}

WireAnswer AutotaskEndpoints::QueryTickets(const WireRequest& request) const {
  return Serve(PsaOperation::kLookup, request, [&] {
    const std::string text =
        TitleContains(json::parse(request.body, nullptr, false));
    if (text.empty()) return Errors(500, "The filter is invalid.");
    json items = json::array();
    for (const DeskTicket& ticket : desk_->FindByTitle(text)) {
      items.push_back({{"id", ticket.id}, {"title", ticket.title}});
    }
    const size_t count = items.size();
    return PsaJson(200, {{"items", std::move(items)},
                         {"pageDetails",
                          {{"count", count},
                           {"requestCount", 25},
                           {"prevPageUrl", nullptr},
                           {"nextPageUrl", nullptr}}}});
  });
}

WireAnswer AutotaskEndpoints::CreateTicket(const WireRequest& request) const {
  return Serve(PsaOperation::kCreate, request, [&] {
    const json body = json::parse(request.body, nullptr, false);
    if (!body.is_object() || !AutotaskIsString(body, "title") ||
        !AutotaskIsInt(body, "status") || !AutotaskIsInt(body, "priority") ||
        !AutotaskIsInt(body, "companyID")) {
      return Errors(500,
                    "A required field is missing: title, status, "
                    "priority or companyID.");
    }
    DeskTicket ticket;
    ticket.board = AutotaskIsInt(body, "queueID")
                       ? absl::StrCat(body["queueID"].get<int64_t>())
                       : "";
    ticket.customer = absl::StrCat(body["companyID"].get<int64_t>());
    if (account_->queues.count(ticket.board) == 0) return BadQueue();
    if (account_->companies.count(ticket.customer) == 0) {
      return Errors(500, "Value does not exist for the field companyID.");
    }
    ticket.title = body["title"].get<std::string>();
    if (AutotaskIsString(body, "description")) {
      ticket.body = body["description"].get<std::string>();
    }
    return PsaJson(200, {{"itemId", desk_->Create(ticket)}});
  });
}

WireAnswer AutotaskEndpoints::AddNote(const WireRequest& request) const {
  return Serve(PsaOperation::kNote, request, [&] {
    const json body = json::parse(request.body, nullptr, false);
    int64_t id = 0;
    if (!body.is_object() || !AutotaskIsString(body, "description") ||
        !absl::SimpleAtoi(request.captures.at(0), &id)) {
      return Errors(500, "A required field is missing: description.");
    }
    if (!desk_->AddNote(id, body["description"].get<std::string>())) {
      return Errors(500, "Value does not exist for the field ticketID.");
    }
    return PsaJson(200, {{"itemId", 50000 + id}});
  });
}

WireAnswer AutotaskEndpoints::GetCompany(const WireRequest& request) const {
  return Serve(PsaOperation::kTest, request, [&] {
    const std::string& id = request.captures.at(0);
    if (account_->companies.count(id) == 0) {
      return Errors(404, "Company not found.");
    }
    return PsaJson(200, {{"item",
                          {{"id", std::stoll(id)},
                           {"companyName", "Fabrikam Inc."},
                           {"isActive", true}}}});
  });
}

}  // namespace cordon::sim::serve
