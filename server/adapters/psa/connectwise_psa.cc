#include "server/adapters/psa/connectwise_psa.h"

#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "nlohmann/json.hpp"
#include "server/adapters/graph/graph_urls.h"
#include "server/adapters/psa/connectwise_json.h"
#include "server/adapters/psa/psa_json.h"
#include "server/adapters/psa/psa_urls.h"
#include "server/adapters/psa/ticket_tag.h"

namespace cordon::adapters::psa {
namespace {

using ::nlohmann::json;
constexpr absl::string_view kProductName = ConnectWisePsa::kProduct;

// A reference to a record: {"id": N} for digits, {"identifier": "..."}
// otherwise (ConnectWise accepts either for a company).
json RecordRef(const std::string& value) {
  if (IsRecordId(value)) return {{"id", std::stoll(value)}};
  return {{"identifier", value}};
}

// Empty when the fields can make requests; else what is wrong.
std::string FieldProblem(const ports::PsaConnection& c) {
  if (!IsPlainName(c.company_id)) return "company_id is not a company id";
  if (!IsRecordId(c.board)) return "board is not a service board id";
  if (c.username.empty() || c.secret.empty() || c.client_id.empty()) {
    return "username (public key), secret (private key) and client_id are "
           "required";
  }
  return "";
}

// conditions=summary contains "Cordon:<reference>", with the quote and
// backslash escaped as the conditions syntax wants.
std::string LookupUrl(const std::string& base, const std::string& reference) {
  const std::string text = absl::StrReplaceAll(
      TagSearchText(reference), {{"\\", "\\\\"}, {"\"", "\\\""}});
  return absl::StrCat(
      base, "/service/tickets?conditions=",
      graph::EncodePathSegment(absl::StrCat("summary contains \"", text, "\"")),
      "&fields=id,summary&pageSize=25");
}

}  // namespace

ConnectWisePsa::Api ConnectWisePsa::Discover(
    const ports::PsaConnection& connection) {
  Api api;
  absl::StatusOr<std::string> site =
      HttpsBaseUrl("endpoint (the ConnectWise site)", connection.endpoint);
  if (!site.ok()) {
    api.failure = BadIntegration(kProductName, site.status().message());
    return api;
  }
  const std::string key = absl::StrCat(*site, "|", connection.company_id);
  if (absl::optional<std::string> cached = bases_.Get(key)) {
    api.base = *cached;
    return api;
  }
  PsaReply reply = caller_->Call(
      JsonRequest(http::HttpMethod::kGet,
                  absl::StrCat(*site, "/login/companyinfo/",
                               graph::EncodePathSegment(connection.company_id)),
                  ""),
      kProductName, ConnectWiseErrorWords);
  if (!reply.ok()) {
    api.failure = std::move(reply.outcome);
    return api;
  }
  absl::StatusOr<std::string> base = ReadConnectWiseApiBase(reply.body);
  if (!base.ok()) {
    api.failure = UnreadableAnswer(kProductName, base.status().message());
    return api;
  }
  bases_.Put(key, *base);
  api.base = *base;
  return api;
}

PsaReply ConnectWisePsa::Send(const ports::PsaConnection& connection,
                              http::HttpMethod method, const std::string& url,
                              std::string body) {
  http::HttpRequest request = JsonRequest(method, url, std::move(body));
  request.headers.push_back(
      {"Authorization", absl::StrCat("Basic ", absl::Base64Escape(absl::StrCat(
                                                   connection.company_id, "+",
                                                   connection.username, ":",
                                                   connection.secret)))});
  request.headers.push_back({"clientId", connection.client_id});
  PsaReply reply =
      caller_->Call(std::move(request), kProductName, ConnectWiseErrorWords);
  const int status = reply.outcome.http_status;
  if (status == 404 || status == 502) {
    // The site may have moved to another release path or host.
    bases_.Forget(
        absl::StrCat(HttpsBaseUrl("", connection.endpoint).value_or(""), "|",
                     connection.company_id));
  }
  return reply;
}

TagLookup ConnectWisePsa::LookUp(const ports::PsaConnection& connection,
                                 const std::string& base,
                                 const std::string& reference) {
  TagLookup lookup;
  PsaReply reply =
      Send(connection, http::HttpMethod::kGet, LookupUrl(base, reference), "");
  lookup.outcome = reply.outcome;
  if (!reply.ok()) return lookup;
  auto found = ReadConnectWiseTickets(reply.body);
  if (!found.ok()) {
    lookup.outcome = UnreadableAnswer(kProductName, found.status().message());
    return lookup;
  }
  lookup.ticket_id = FindTagged(*found, reference);
  return lookup;
}

ports::PsaCallOutcome ConnectWisePsa::Create(
    const ports::PsaConnection& connection, const std::string& base,
    const ports::PsaTicket& ticket) {
  json body = {{"summary",
                TaggedTitle(ticket.title, ticket.reference, kMaxSummaryBytes)},
               {"board", {{"id", std::stoll(connection.board)}}},
               {"initialDescription", ticket.body}};
  if (!connection.customer.empty()) {
    body["company"] = RecordRef(connection.customer);
  }
  PsaReply reply = Send(connection, http::HttpMethod::kPost,
                        absl::StrCat(base, "/service/tickets"), JsonText(body));
  if (!reply.ok()) return reply.outcome;
  absl::StatusOr<std::string> id = ReadConnectWiseTicketId(reply.body);
  // A ticket that was made but whose answer is unreadable: the retry finds
  // it by its tag.
  if (!id.ok()) return UnreadableAnswer(kProductName, id.status().message());
  reply.outcome.ticket_id = *id;
  return reply.outcome;
}

ports::PsaCallOutcome ConnectWisePsa::CreateTicket(
    const ports::PsaConnection& connection, const ports::PsaTicket& ticket) {
  const std::string problem = FieldProblem(connection);
  if (!problem.empty()) return BadIntegration(kProductName, problem);
  const Api api = Discover(connection);
  if (api.base.empty()) return api.failure;
  return CreateOnce(
      [&] { return LookUp(connection, api.base, ticket.reference); },
      [&] { return Create(connection, api.base, ticket); });
}

ports::PsaCallOutcome ConnectWisePsa::AddTicketNote(
    const ports::PsaConnection& connection, const std::string& ticket_id,
    const std::string& note) {
  const std::string problem = FieldProblem(connection);
  if (!problem.empty()) return BadIntegration(kProductName, problem);
  if (!IsRecordId(ticket_id)) {
    return BadIntegration(kProductName, "the ticket id is not a record id");
  }
  const Api api = Discover(connection);
  if (api.base.empty()) return api.failure;
  const json body = {{"text", note},
                     {"detailDescriptionFlag", true},
                     {"internalAnalysisFlag", false}};
  return Send(connection, http::HttpMethod::kPost,
              absl::StrCat(api.base, "/service/tickets/", ticket_id, "/notes"),
              JsonText(body))
      .outcome;
}

ports::PsaCallOutcome ConnectWisePsa::TestConnection(
    const ports::PsaConnection& connection) {
  const std::string problem = FieldProblem(connection);
  if (!problem.empty()) return BadIntegration(kProductName, problem);
  const Api api = Discover(connection);
  if (api.base.empty()) return api.failure;
  // Reading the board proves the keys, the clientId and the board at once.
  return Send(connection, http::HttpMethod::kGet,
              absl::StrCat(api.base, "/service/boards/", connection.board), "")
      .outcome;
}

}  // namespace cordon::adapters::psa
