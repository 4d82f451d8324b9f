#include "server/adapters/psa/autotask_psa.h"

#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "server/adapters/graph/graph_urls.h"
#include "server/adapters/psa/autotask_json.h"
#include "server/adapters/psa/psa_json.h"
#include "server/adapters/psa/psa_urls.h"
#include "server/adapters/psa/ticket_tag.h"

namespace cordon::adapters::psa {
namespace {

using ::nlohmann::json;
constexpr absl::string_view kAutotaskProduct = AutotaskPsa::kProduct;
constexpr int kUnprocessable = 422;
constexpr int kTooManyRequests = 429;
// Autotask's default ticket picklists: status New; priority High (1),
// Medium (2), Critical (4).
constexpr int kStatusNew = 1;

int PriorityOf(const std::string& priority) {
  if (priority == "CRITICAL") return 4;
  if (priority == "HIGH") return 1;
  return 2;
}

std::string AutotaskFieldProblem(const ports::PsaConnection& c) {
  if (!IsPlainName(c.username)) return "username is not an API user name";
  if (c.secret.empty() || c.client_id.empty()) {
    return "secret and client_id (the API tracking identifier) are required";
  }
  if (!IsRecordId(c.board)) return "board is not a queue id";
  if (!IsRecordId(c.customer)) return "customer is not a company id";
  return "";
}

}  // namespace

ports::PsaCallOutcome ReclassifyAutotaskOutcome(ports::PsaCallOutcome outcome,
                                                absl::string_view words) {
  if (outcome.http_status == 500 && IsAutotaskValidationError(words)) {
    outcome.http_status = kUnprocessable;
  }
  return outcome;
}

ApiBase AutotaskPsa::Discover(const ports::PsaConnection& connection) {
  const std::string problem = AutotaskFieldProblem(connection);
  if (!problem.empty())
    return {BadIntegration(kAutotaskProduct, problem), "", ""};
  absl::StatusOr<std::string> lookup = HttpsBaseUrl(
      "endpoint (the zone lookup)",
      connection.endpoint.empty() ? kDefaultZoneLookup : connection.endpoint);
  if (!lookup.ok()) {
    return {BadIntegration(kAutotaskProduct, lookup.status().message()), "",
            ""};
  }
  return DiscoverApiBase(
      *caller_, zones_, absl::StrCat(*lookup, "|", connection.username),
      absl::StrCat(*lookup, "/v1.0/zoneInformation?user=",
                   graph::EncodePathSegment(connection.username)),
      kAutotaskProduct, AutotaskErrorWords, ReadAutotaskApiBase);
}

PsaReply AutotaskPsa::Send(const ports::PsaConnection& connection,
                           const ApiBase& api, http::HttpMethod method,
                           const std::string& path, std::string body) {
  ConcurrencyLimit::Slot slot = in_flight_.Acquire(api.base, slot_wait_);
  PsaReply reply;
  if (!slot.held()) {
    reply.outcome.http_status = kTooManyRequests;
    reply.outcome.retry_after = absl::Seconds(1);
    reply.outcome.message = absl::StrCat(
        kAutotaskProduct, ": ", kMaxInFlight,
        " requests to this zone already in flight (its thread limit)");
    return reply;
  }
  http::HttpRequest request =
      JsonRequest(method, absl::StrCat(api.base, path), std::move(body));
  request.headers.push_back({"ApiIntegrationCode", connection.client_id});
  request.headers.push_back({"UserName", connection.username});
  request.headers.push_back({"Secret", connection.secret});
  std::string words;
  reply = caller_->Call(std::move(request), kAutotaskProduct,
                        [&words](absl::string_view error_body) {
                          words = AutotaskErrorWords(error_body);
                          return words;
                        });
  reply.outcome = ReclassifyAutotaskOutcome(std::move(reply.outcome), words);
  const int status = reply.outcome.http_status;
  if (status == 404 || status == 502) zones_.Forget(api.key);
  return reply;
}

TagLookup AutotaskPsa::LookUp(const ports::PsaConnection& connection,
                              const ApiBase& api,
                              const std::string& reference) {
  const json query = {{"filter",
                       {{{"op", "contains"},
                         {"field", "title"},
                         {"value", TagSearchText(reference)}}}},
                      {"IncludeFields", {"id", "title"}},
                      {"MaxRecords", 25}};
  return TagLookupOf(Send(connection, api, http::HttpMethod::kPost,
                          "/Tickets/query", JsonText(query)),
                     ReadAutotaskTickets, reference, kAutotaskProduct);
}

ports::PsaCallOutcome AutotaskPsa::Create(
    const ports::PsaConnection& connection, const ApiBase& api,
    const ports::PsaTicket& ticket) {
  const json body = {
      {"companyID", std::stoll(connection.customer)},
      {"queueID", std::stoll(connection.board)},
      {"title", TaggedTitle(ticket.title, ticket.reference, kMaxTitleBytes)},
      {"description", ticket.body},
      {"status", kStatusNew},
      {"priority", PriorityOf(ticket.priority)}};
  return CreatedTicket(Send(connection, api, http::HttpMethod::kPost,
                            "/Tickets", JsonText(body)),
                       ReadAutotaskItemId, kAutotaskProduct);
}

ports::PsaCallOutcome AutotaskPsa::CreateTicket(
    const ports::PsaConnection& connection, const ports::PsaTicket& ticket) {
  const ApiBase api = Discover(connection);
  if (api.base.empty()) return api.failure;
  return CreateOnce([&] { return LookUp(connection, api, ticket.reference); },
                    [&] { return Create(connection, api, ticket); });
}

ports::PsaCallOutcome AutotaskPsa::AddTicketNote(
    const ports::PsaConnection& connection, const std::string& ticket_id,
    const std::string& note) {
  if (!IsRecordId(ticket_id)) return BadTicketId(kAutotaskProduct);
  const ApiBase api = Discover(connection);
  if (api.base.empty()) return api.failure;
  const json body = {{"ticketID", std::stoll(ticket_id)},
                     {"title", "Cordon re-notification"},
                     {"description", note},
                     {"noteType", 1},
                     {"publish", 1}};
  return Send(connection, api, http::HttpMethod::kPost,
              absl::StrCat("/Tickets/", ticket_id, "/Notes"), JsonText(body))
      .outcome;
}

ports::PsaCallOutcome AutotaskPsa::TestConnection(
    const ports::PsaConnection& connection) {
  const ApiBase api = Discover(connection);
  if (api.base.empty()) return api.failure;
  // Proves the user, its secret, the tracking identifier and the company;
  // Autotask has no cheap read of one queue.
  return Send(connection, api, http::HttpMethod::kGet,
              absl::StrCat("/Companies/", connection.customer), "")
      .outcome;
}

}  // namespace cordon::adapters::psa
