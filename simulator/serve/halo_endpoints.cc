#include "simulator/serve/halo_endpoints.h"

#include <httplib.h>

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"

namespace cordon::sim::serve {
namespace {

using ::nlohmann::json;

WireAnswer Message(int status, const std::string& words) {
  return PsaJson(status, {{"message", words}});
}

WireAnswer HaloFaultAnswer(PsaFailure failure, int retry_after) {
  switch (failure) {
    case PsaFailure::kExpiredCredentials:
      return Message(401, "The access token is not valid.");
    case PsaFailure::kBadBoard:
      return Message(400, "The team does not exist.");
    case PsaFailure::kThrottled: {
      WireAnswer answer = Message(429, "Too many requests.");
      answer.headers.push_back({"Retry-After", absl::StrCat(retry_after)});
      return answer;
    }
    default:
      return Message(500, "An error occurred.");
  }
}

WireAnswer InvalidClient() {
  return PsaJson(
      401, {{"error", "invalid_client"},
            {"error_description", "The client credentials are not valid."}});
}

// The one object of a JSON array body; a non-object when it is not that.
json OneOf(const std::string& body) {
  json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_array() || parsed.size() != 1) return json();
  return parsed[0];
}

bool HaloIsInt(const json& body, const char* key) {
  return body.is_object() && body.contains(key) &&
         body[key].is_number_integer();
}

}  // namespace

int HaloEndpoints::tokens_issued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return issued_;
}

bool HaloEndpoints::TokenValid(const std::string& authorization) const {
  const std::string prefix = "Bearer ";
  if (authorization.rfind(prefix, 0) != 0) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = tokens_.find(authorization.substr(prefix.size()));
  return found != tokens_.end() && clock_->Now() < found->second;
}

WireAnswer HaloEndpoints::Token(const WireRequest& request) {
  httplib::Params form;
  httplib::detail::parse_query_text(request.body, form);
  auto field = [&](const char* name) {
    auto found = form.find(name);
    return found == form.end() ? std::string() : found->second;
  };
  auto tenant = request.query.find("tenant");
  const std::string given = tenant == request.query.end() ? "" : tenant->second;
  WireAnswer answer;
  if (field("grant_type") != "client_credentials" || field("scope") != "all") {
    answer = PsaJson(400, {{"error", "unsupported_grant_type"}});
  } else if (field("client_id") != account_->client_id ||
             field("client_secret") != account_->client_secret ||
             given != account_->tenant ||
             desk_->CredentialsExpired(PsaOperation::kToken)) {
    answer = InvalidClient();
  } else {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::string token = absl::StrCat("halo-token-", ++issued_);
    tokens_[token] = clock_->Now() + account_->token_lifetime;
    answer = PsaJson(
        200, {{"token_type", "Bearer"},
              {"access_token", token},
              {"expires_in", absl::ToInt64Seconds(account_->token_lifetime)},
              {"scope", "all"}});
  }
  answer.tenant = desk_->product();
  return answer;
}

WireAnswer HaloEndpoints::Serve(PsaOperation operation,
                                const WireRequest& request,
                                const std::function<WireAnswer()>& work) {
  if (!TokenValid(request.authorization)) {
    WireAnswer refused = HaloFaultAnswer(PsaFailure::kExpiredCredentials, 0);
    refused.tenant = desk_->product();
    return refused;
  }
  return desk_->Serve(operation, HaloFaultAnswer, work);
}

WireAnswer HaloEndpoints::SearchTickets(const WireRequest& request) {
  return Serve(PsaOperation::kLookup, request, [&] {
    auto search = request.query.find("search");
    json tickets = json::array();
    if (search != request.query.end() && !search->second.empty()) {
      for (const DeskTicket& ticket : desk_->FindByTitle(search->second)) {
        tickets.push_back({{"id", ticket.id}, {"summary", ticket.title}});
      }
    }
    const size_t count = tickets.size();
    return PsaJson(200, {{"page_no", 1},
                         {"page_size", 25},
                         {"record_count", count},
                         {"tickets", std::move(tickets)}});
  });
}

WireAnswer HaloEndpoints::CreateTicket(const WireRequest& request) {
  return Serve(PsaOperation::kCreate, request, [&] {
    const json one = OneOf(request.body);
    if (!one.is_object() || !one.contains("summary") ||
        !one["summary"].is_string() || !HaloIsInt(one, "team_id")) {
      return Message(400, "The ticket is invalid.");
    }
    DeskTicket ticket;
    ticket.title = one["summary"].get<std::string>();
    ticket.board = absl::StrCat(one["team_id"].get<int64_t>());
    if (account_->teams.count(ticket.board) == 0) {
      return HaloFaultAnswer(PsaFailure::kBadBoard, 0);
    }
    if (one.contains("details") && one["details"].is_string()) {
      ticket.body = one["details"].get<std::string>();
    }
    if (HaloIsInt(one, "client_id")) {
      ticket.customer = absl::StrCat(one["client_id"].get<int64_t>());
    }
    ticket.id = desk_->Create(ticket);
    return PsaJson(201, {{"id", ticket.id},
                         {"summary", ticket.title},
                         {"details", ticket.body},
                         {"team_id", std::stoll(ticket.board)},
                         {"team", "1st Line Support"},
                         {"client_id", 12},
                         {"client_name", "Fabrikam"}});
  });
}

WireAnswer HaloEndpoints::AddAction(const WireRequest& request) {
  return Serve(PsaOperation::kNote, request, [&] {
    const json one = OneOf(request.body);
    if (!HaloIsInt(one, "ticket_id") || !one.contains("note") ||
        !one["note"].is_string()) {
      return Message(400, "The action is invalid.");
    }
    const int64_t id = one["ticket_id"].get<int64_t>();
    const std::string note = one["note"].get<std::string>();
    if (!desk_->AddNote(id, note)) {
      return Message(400, "The ticket does not exist.");
    }
    return PsaJson(
        201,
        {{"id", 2}, {"ticket_id", id}, {"note", note}, {"outcome", "Note"}});
  });
}

WireAnswer HaloEndpoints::GetTeam(const WireRequest& request) {
  return Serve(PsaOperation::kTest, request, [&] {
    const std::string& id = request.captures.at(0);
    if (account_->teams.count(id) == 0) {
      return Message(404, "The team does not exist.");
    }
    return PsaJson(200, {{"id", std::stoll(id)},
                         {"name", "1st Line Support"},
                         {"inactive", false}});
  });
}

}  // namespace cordon::sim::serve
