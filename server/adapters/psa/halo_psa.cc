#include "server/adapters/psa/halo_psa.h"

#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"
#include "server/adapters/graph/graph_urls.h"
#include "server/adapters/psa/halo_json.h"
#include "server/adapters/psa/psa_json.h"
#include "server/adapters/psa/psa_urls.h"
#include "server/adapters/psa/ticket_tag.h"

namespace cordon::adapters::psa {
namespace {

using ::nlohmann::json;
constexpr absl::string_view kHaloProduct = HaloPsa::kProduct;

std::string HaloFieldProblem(const ports::PsaConnection& c) {
  if (c.client_id.empty() || c.secret.empty()) {
    return "client_id and secret (the API application's client credentials) "
           "are required";
  }
  if (!c.company_id.empty() && !IsPlainName(c.company_id)) {
    return "company_id is not a tenant name";
  }
  if (!IsRecordId(c.board)) return "board is not a team id";
  if (!c.customer.empty() && !IsRecordId(c.customer)) {
    return "customer is not a client id";
  }
  return "";
}

}  // namespace

HaloPsa::Session HaloPsa::Open(const ports::PsaConnection& connection) {
  Session session;
  const std::string problem = HaloFieldProblem(connection);
  if (!problem.empty()) {
    session.failure = BadIntegration(kHaloProduct, problem);
    return session;
  }
  absl::StatusOr<std::string> root =
      HttpsBaseUrl("endpoint (the HaloPSA URL)", connection.endpoint);
  absl::StatusOr<std::string> auth =
      connection.auth_endpoint.empty()
          ? absl::StatusOr<std::string>(absl::StrCat(
                absl::StripSuffix(root.value_or(""), "/api"), "/auth"))
          : HttpsBaseUrl("auth_endpoint", connection.auth_endpoint);
  if (!root.ok() || !auth.ok()) {
    session.failure = BadIntegration(
        kHaloProduct, (!root.ok() ? root.status() : auth.status()).message());
    return session;
  }
  HaloToken token = tokens_.Get(connection, *auth);
  if (token.access_token.empty()) {
    session.failure = std::move(token.failure);
    return session;
  }
  session.api = absl::StrCat(absl::StripSuffix(*root, "/api"), "/api");
  session.auth = *auth;
  session.token = std::move(token.access_token);
  return session;
}

PsaReply HaloPsa::Send(const ports::PsaConnection& connection,
                       const Session& session, http::HttpMethod method,
                       const std::string& path, std::string body) {
  http::HttpRequest request =
      JsonRequest(method, absl::StrCat(session.api, path), std::move(body));
  request.headers.push_back(
      {"Authorization", absl::StrCat("Bearer ", session.token)});
  PsaReply reply =
      caller_->Call(std::move(request), kHaloProduct, HaloErrorWords);
  if (reply.outcome.http_status == 401) {
    tokens_.Invalidate(connection, session.auth, session.token);
  }
  return reply;
}

ports::PsaCallOutcome HaloPsa::Create(const ports::PsaConnection& connection,
                                      const Session& session,
                                      const ports::PsaTicket& ticket) {
  json one = {{"summary",
               TaggedTitle(ticket.title, ticket.reference, kMaxSummaryBytes)},
              {"details", ticket.body},
              {"team_id", std::stoll(connection.board)}};
  if (!connection.customer.empty()) {
    one["client_id"] = std::stoll(connection.customer);
  }
  return CreatedTicket(Send(connection, session, http::HttpMethod::kPost,
                            "/Tickets", JsonText(json::array({one}))),
                       ReadHaloTicketId, kHaloProduct);
}

ports::PsaCallOutcome HaloPsa::CreateTicket(
    const ports::PsaConnection& connection, const ports::PsaTicket& ticket) {
  const Session session = Open(connection);
  if (session.api.empty()) return session.failure;
  const std::string search = absl::StrCat(
      "/Tickets?search=",
      graph::EncodePathSegment(TagSearchText(ticket.reference)), "&count=25");
  return CreateOnce(
      [&] {
        return TagLookupOf(
            Send(connection, session, http::HttpMethod::kGet, search, ""),
            ReadHaloTickets, ticket.reference, kHaloProduct);
      },
      [&] { return Create(connection, session, ticket); });
}

ports::PsaCallOutcome HaloPsa::AddTicketNote(
    const ports::PsaConnection& connection, const std::string& ticket_id,
    const std::string& note) {
  if (!IsRecordId(ticket_id)) return BadTicketId(kHaloProduct);
  const Session session = Open(connection);
  if (session.api.empty()) return session.failure;
  const json action = {{"ticket_id", std::stoll(ticket_id)},
                       {"note", note},
                       {"outcome", "Note"}};
  return Send(connection, session, http::HttpMethod::kPost, "/Actions",
              JsonText(json::array({action})))
      .outcome;
}

ports::PsaCallOutcome HaloPsa::TestConnection(
    const ports::PsaConnection& connection) {
  const Session session = Open(connection);
  if (session.api.empty()) return session.failure;
  return Send(connection, session, http::HttpMethod::kGet,
              absl::StrCat("/Team/", connection.board), "")
      .outcome;
}

}  // namespace cordon::adapters::psa
