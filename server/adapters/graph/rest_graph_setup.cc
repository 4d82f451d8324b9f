#include "server/adapters/graph/rest_graph_setup.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/adapters/graph/client_assertion.h"
#include "server/adapters/graph/client_credential.h"
#include "server/adapters/secret_file.h"
#include "server/core/errors.h"

namespace cordon::adapters::graph {
namespace {

constexpr absl::Duration kMinTimeout = absl::Seconds(1);
constexpr absl::Duration kMaxTimeout = absl::Minutes(5);
// A connection that takes longer than this to open will not open.
constexpr absl::Duration kMaxConnectTimeout = absl::Seconds(5);

// "https://host[:port][/path]" with nothing a URL could hide a second
// meaning in (user info, query, fragment, spaces). Returned without
// trailing '/', since the adapter appends "/..." itself.
absl::StatusOr<std::string> CheckBaseUrl(absl::string_view flag,
                                         absl::string_view url) {
  absl::string_view rest = url;
  const bool https = absl::ConsumePrefix(&rest, "https://");
  const absl::string_view host = rest.substr(0, rest.find_first_of("/:"));
  const bool clean =
      url.find_first_of("@?#\\") == absl::string_view::npos &&
      std::none_of(url.begin(), url.end(), [](char c) {
        return absl::ascii_isspace(static_cast<unsigned char>(c)) ||
               absl::ascii_iscntrl(static_cast<unsigned char>(c));
      });
  if (!https || host.empty() || !clean) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, "=", url,
        " is not an https://host[:port][/path] URL without user info, "
        "query or fragment"));
  }
  absl::string_view trimmed = url;
  while (absl::ConsumeSuffix(&trimmed, "/")) {
  }
  return std::string(trimmed);
}

absl::Status CheckShape(const RestGraphSettings& settings) {
  if (settings.client_id.empty()) {
    return absl::InvalidArgumentError(
        "--graph_client_id is required with any other --graph_* flag: the "
        "application (client) id of the Entra app");
  }
  const bool secret = !settings.client_secret_file.empty();
  const bool cert = !settings.client_cert_file.empty();
  const bool key = !settings.client_key_file.empty();
  if (secret == (cert || key)) {
    return absl::InvalidArgumentError(
        "give exactly one credential: --graph_client_secret_file, or "
        "--graph_client_cert_file with --graph_client_key_file");
  }
  if (cert != key) {
    return absl::InvalidArgumentError(absl::StrCat(
        cert ? "--graph_client_key_file" : "--graph_client_cert_file",
        " is required with ",
        cert ? "--graph_client_cert_file" : "--graph_client_key_file"));
  }
  if (settings.timeout < kMinTimeout || settings.timeout > kMaxTimeout) {
    return absl::InvalidArgumentError(
        absl::StrCat("--graph_timeout=", absl::FormatDuration(settings.timeout),
                     " must be between 1s and 5m"));
  }
  if (!settings.ca_file.empty() && !std::ifstream(settings.ca_file).good()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--graph_ca_file=", settings.ca_file, " cannot be read"));
  }
  return absl::OkStatus();
}

std::chrono::milliseconds Millis(absl::Duration duration) {
  return std::chrono::milliseconds(absl::ToInt64Milliseconds(duration));
}

}  // namespace

bool HasGraphSettings(const RestGraphSettings& settings) {
  return !settings.client_id.empty() || !settings.client_secret_file.empty() ||
         !settings.client_cert_file.empty() ||
         !settings.client_key_file.empty();
}

absl::StatusOr<std::unique_ptr<RestGraphSetup>> RestGraphSetup::Create(
    const RestGraphSettings& settings, const ports::Clock& clock,
    ports::Entropy& entropy) {
  CORDON_RETURN_IF_ERROR(CheckShape(settings));
  RestGraphSettings checked = settings;
  CORDON_ASSIGN_OR_RETURN(
      checked.graph_base_url,
      CheckBaseUrl("graph_base_url", settings.graph_base_url));
  CORDON_ASSIGN_OR_RETURN(
      checked.login_base_url,
      CheckBaseUrl("login_base_url", settings.login_base_url));
  std::unique_ptr<const ClientCredential> credential;
  std::string description;
  if (!settings.client_secret_file.empty()) {
    CORDON_ASSIGN_OR_RETURN(std::string secret,
                            ReadSecretFile(settings.client_secret_file));
    credential = std::make_unique<ClientSecretCredential>(std::move(secret));
    description = "client secret";
  } else {
    CORDON_ASSIGN_OR_RETURN(
        std::unique_ptr<ClientAssertionSigner> signer,
        ClientAssertionSigner::FromFiles(settings.client_cert_file,
                                         settings.client_key_file));
    description =
        absl::StrCat("certificate x5t#S256 ", signer->thumbprint_sha256());
    credential = std::make_unique<CertificateCredential>(std::move(signer),
                                                         clock, entropy);
  }
  return std::unique_ptr<RestGraphSetup>(new RestGraphSetup(
      checked, std::move(credential), std::move(description), clock));
}

namespace {

OAuthTokenSource::Options TokenOptions(const RestGraphSettings& settings) {
  OAuthTokenSource::Options options;
  options.endpoint.client_id = settings.client_id;
  options.endpoint.login_base_url = settings.login_base_url;
  options.endpoint.connect_timeout =
      Millis(std::min(settings.timeout, kMaxConnectTimeout));
  options.endpoint.total_timeout = Millis(settings.timeout);
  if (settings.metrics != nullptr) {
    metrics::Family<metrics::Counter>& requests = settings.metrics->AddCounter(
        "cordon_graph_token_requests_total",
        "Requests to the Microsoft identity platform's token endpoint (a "
        "tenant's token fetched or refreshed), by outcome.",
        {"outcome"});
    options.on_fetched = [&requests](const TokenResult& result) {
      requests.WithLabels({result.ok ? "ok" : "error"}).Increment();
    };
  }
  return options;
}

RestGraphOptions GraphOptions(const RestGraphSettings& settings) {
  RestGraphOptions options;
  options.base_url = settings.graph_base_url;
  options.limits.connect_timeout =
      Millis(std::min(settings.timeout, kMaxConnectTimeout));
  options.limits.total_timeout = Millis(settings.timeout);
  return options;
}

http::CurlHttpClient::Options HttpOptions(const RestGraphSettings& settings) {
  http::CurlHttpClient::Options options;
  options.ca_file = settings.ca_file;
  return options;
}

}  // namespace

RestGraphSetup::RestGraphSetup(
    const RestGraphSettings& settings,
    std::unique_ptr<const ClientCredential> credential,
    std::string credential_description, const ports::Clock& clock)
    : http_(HttpOptions(settings)),
      tokens_(TokenOptions(settings), std::move(credential), http_, clock),
      graph_(&http_, &tokens_, &clock, GraphOptions(settings)),
      description_(absl::StrCat(settings.graph_base_url, " as app ",
                                settings.client_id, " with its ",
                                credential_description)) {}

}  // namespace cordon::adapters::graph
