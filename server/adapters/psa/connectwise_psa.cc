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
constexpr absl::string_view kConnectWiseProduct = ConnectWisePsa::kProduct;

// A reference to a record: {"id": N} for digits, {"identifier": "..."}
// otherwise (ConnectWise accepts either for a company).
json RecordRef(const std::string& value) {
  if (IsRecordId(value)) return {{"id", std::stoll(value)}};
  return {{"identifier", value}};
}

// Empty when the fields can make requests; else what is wrong.
std::string ConnectWiseFieldProblem(const ports::PsaConnection& c) {
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
std::string LookupPath(const std::string& reference) {
  const std::string text = absl::StrReplaceAll(
      TagSearchText(reference), {{"\\", "\\\\"}, {"\"", "\\\""}});
  return absl::StrCat(
      "/service/tickets?conditions=",
      graph::EncodePathSegment(absl::StrCat("summary contains \"", text, "\"")),
      "&fields=id,summary&pageSize=25");
}

}  // namespace

ApiBase ConnectWisePsa::Discover(const ports::PsaConnection& connection) {
  const std::string problem = ConnectWiseFieldProblem(connection);
  if (!problem.empty())
    return {BadIntegration(kConnectWiseProduct, problem), "", ""};
  absl::StatusOr<std::string> site =
      HttpsBaseUrl("endpoint (the ConnectWise site)", connection.endpoint);
  if (!site.ok()) {
    return {BadIntegration(kConnectWiseProduct, site.status().message()), "",
            ""};
  }
  return DiscoverApiBase(
      *caller_, bases_, absl::StrCat(*site, "|", connection.company_id),
      absl::StrCat(*site, "/login/companyinfo/",
                   graph::EncodePathSegment(connection.company_id)),
      kConnectWiseProduct, ConnectWiseErrorWords, ReadConnectWiseApiBase);
}

PsaReply ConnectWisePsa::Send(const ports::PsaConnection& connection,
                              const ApiBase& api, http::HttpMethod method,
                              const std::string& path, std::string body) {
  http::HttpRequest request =
      JsonRequest(method, absl::StrCat(api.base, path), std::move(body));
  request.headers.push_back(
      {"Authorization", absl::StrCat("Basic ", absl::Base64Escape(absl::StrCat(
                                                   connection.company_id, "+",
                                                   connection.username, ":",
                                                   connection.secret)))});
  request.headers.push_back({"clientId", connection.client_id});
  PsaReply reply = caller_->Call(std::move(request), kConnectWiseProduct,
                                 ConnectWiseErrorWords);
  const int status = reply.outcome.http_status;
  // The site may have moved to another release path or host.
  if (status == 404 || status == 502) bases_.Forget(api.key);
  return reply;
}

ports::PsaCallOutcome ConnectWisePsa::Create(
    const ports::PsaConnection& connection, const ApiBase& api,
    const ports::PsaTicket& ticket) {
  json body = {{"summary",
                TaggedTitle(ticket.title, ticket.reference, kMaxSummaryBytes)},
               {"board", {{"id", std::stoll(connection.board)}}},
               {"initialDescription", ticket.body}};
  if (!connection.customer.empty()) {
    body["company"] = RecordRef(connection.customer);
  }
  return CreatedTicket(Send(connection, api, http::HttpMethod::kPost,
                            "/service/tickets", JsonText(body)),
                       ReadConnectWiseTicketId, kConnectWiseProduct);
}

ports::PsaCallOutcome ConnectWisePsa::CreateTicket(
    const ports::PsaConnection& connection, const ports::PsaTicket& ticket) {
  const ApiBase api = Discover(connection);
  if (api.base.empty()) return api.failure;
  return CreateOnce(
      [&] {
        return TagLookupOf(Send(connection, api, http::HttpMethod::kGet,
                                LookupPath(ticket.reference), ""),
                           ReadConnectWiseTickets, ticket.reference,
                           kConnectWiseProduct);
      },
      [&] { return Create(connection, api, ticket); });
}

ports::PsaCallOutcome ConnectWisePsa::AddTicketNote(
    const ports::PsaConnection& connection, const std::string& ticket_id,
    const std::string& note) {
  if (!IsRecordId(ticket_id)) return BadTicketId(kConnectWiseProduct);
  const ApiBase api = Discover(connection);
  if (api.base.empty()) return api.failure;
  const json body = {{"text", note},
                     {"detailDescriptionFlag", true},
                     {"internalAnalysisFlag", false}};
  return Send(connection, api, http::HttpMethod::kPost,
              absl::StrCat("/service/tickets/", ticket_id, "/notes"),
              JsonText(body))
      .outcome;
}

ports::PsaCallOutcome ConnectWisePsa::TestConnection(
    const ports::PsaConnection& connection) {
  const ApiBase api = Discover(connection);
  if (api.base.empty()) return api.failure;
  // Reading the board proves the keys, the clientId and the board at once.
  return Send(connection, api, http::HttpMethod::kGet,
              absl::StrCat("/service/boards/", connection.board), "")
      .outcome;
}

}  // namespace cordon::adapters::psa
