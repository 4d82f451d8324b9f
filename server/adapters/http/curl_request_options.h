#ifndef CORDON_SERVER_ADAPTERS_HTTP_CURL_REQUEST_OPTIONS_H_
#define CORDON_SERVER_ADAPTERS_HTTP_CURL_REQUEST_OPTIONS_H_

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>

#include "server/adapters/http/curl_option_setter.h"
#include "server/adapters/http/http_client.h"

namespace cordon::adapters::http {

// Why `request` must not be sent (a timeout or budget that would leave the
// call unbounded, a header that would smuggle in more lines), or nullopt.
// Names header names, never values.
std::optional<std::string> RequestProblem(const HttpRequest& request);

struct CurlHeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHeaderList = std::unique_ptr<curl_slist, CurlHeaderListDeleter>;

// The request's header lines, plus the blank ones that stop libcurl from
// adding headers of its own; null when memory ran out.
CurlHeaderList HeaderLinesOf(const HttpRequest& request);

// The options of one call. `header_lines`, `request` and `error_buffer`
// (CURL_ERROR_SIZE bytes) must outlive the transfer.
void SetRequestOptions(CurlOptionSetter& set, const HttpRequest& request,
                       const curl_slist* header_lines, char* error_buffer);

}  // namespace cordon::adapters::http

#endif  // CORDON_SERVER_ADAPTERS_HTTP_CURL_REQUEST_OPTIONS_H_
