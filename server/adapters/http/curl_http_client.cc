#include "server/adapters/http/curl_http_client.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "server/adapters/http/curl_handle_pool.h"
#include "server/adapters/http/curl_option_setter.h"
#include "server/adapters/http/curl_request_options.h"
#include "server/adapters/http/curl_response_reader.h"
#include "server/adapters/http/curl_share.h"
#include "server/adapters/http/curl_transport_outcome.h"
#include "server/core/check.h"

namespace cordon::adapters::http {
namespace {

// CurlShare runs curl_global_init first.
std::unique_ptr<CurlShare> NewShare() { return std::make_unique<CurlShare>(); }

HttpResponse Failure(TransportOutcome outcome, std::string detail) {
  HttpResponse response;
  response.outcome = outcome;
  response.detail = std::move(detail);
  return response;
}

// libcurl's messages name hosts, ports and TLS errors, never the request's
// headers or body.
std::string DetailOf(CURLcode code, const char* error_buffer) {
  absl::string_view specific =
      absl::StripTrailingAsciiWhitespace(absl::string_view(error_buffer));
  return specific.empty() ? curl_easy_strerror(code) : std::string(specific);
}

// What holds for every call, whoever makes it.
void SetClientOptions(CurlOptionSetter& set,
                      const CurlHttpClient::Options& options) {
  // Timeouts must not raise signals: the process has many threads.
  set.Set(CURLOPT_NOSIGNAL, 1L);
  set.Set(CURLOPT_PROTOCOLS_STR, options.allow_http ? "https,http" : "https");
  set.Set(CURLOPT_FOLLOWLOCATION, 0L);
  set.Set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  set.Set(CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  set.Set(CURLOPT_SSL_VERIFYPEER, 1L);
  set.Set(CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) {
    set.Set(CURLOPT_CAINFO, options.ca_file.c_str());
  }
  set.Set(CURLOPT_PROXY, options.proxy.c_str());
  set.Set(CURLOPT_USERAGENT, options.user_agent.c_str());
}

void RecordResult(CURL* handle, CURLcode code, const HttpRequest& request,
                  const CurlResponseReader& reader, const char* error_buffer,
                  HttpResponse& response) {
  long status = 0;
  if (curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK) {
    response.status = static_cast<int>(status);
  }
  if (code == CURLE_OK) {
    response.outcome = TransportOutcome::kOk;
    return;
  }
  response.body.clear();
  // The reader stops the transfer with a write error, libcurl itself when
  // Content-Length already says too much.
  response.outcome = reader.exceeded_budget()
                         ? TransportOutcome::kResponseTooLarge
                         : TransportOutcomeOf(code);
  response.detail =
      response.outcome == TransportOutcome::kResponseTooLarge
          ? absl::StrCat("the response exceeded max_response_bytes (",
                         request.max_response_bytes, ")")
          : DetailOf(code, error_buffer);
}

}  // namespace

CurlHttpClient::CurlHttpClient(Options options)
    : options_(std::move(options)),
      share_(NewShare()),
      pool_(std::make_unique<CurlHandlePool>(share_->get(),
                                             options_.max_pooled_handles)) {}

CurlHttpClient::~CurlHttpClient() = default;

HttpResponse CurlHttpClient::Send(const HttpRequest& request) {
  if (std::optional<std::string> problem = RequestProblem(request)) {
    return Failure(TransportOutcome::kOther,
                   absl::StrCat("refused to send: ", *problem));
  }
  CurlHeaderList header_lines = HeaderLinesOf(request);
  CurlHandlePool::Lease lease = pool_->Acquire();
  if (header_lines == nullptr || lease.get() == nullptr) {
    return Failure(TransportOutcome::kOther, "out of memory");
  }
  HttpResponse response;
  CurlResponseReader reader(response, request.max_response_bytes);
  char error_buffer[CURL_ERROR_SIZE] = "";
  CurlOptionSetter set(lease.get());
  SetClientOptions(set, options_);
  SetRequestOptions(set, request, header_lines.get(), error_buffer);
  reader.Attach(set);
  CURLcode code = set.result();
  if (code != CURLE_OK) {
    return Failure(TransportOutcome::kOther,
                   absl::StrCat("could not configure the call: ",
                                curl_easy_strerror(code)));
  }
  code = curl_easy_perform(lease.get());
  RecordResult(lease.get(), code, request, reader, error_buffer, response);
  return response;
}

}  // namespace cordon::adapters::http
