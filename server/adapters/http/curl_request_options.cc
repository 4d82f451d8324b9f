#include "server/adapters/http/curl_request_options.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace cordon::adapters::http {
namespace {

bool IsValidHeaderName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return c > ' ' && c < 0x7f && c != ':';
  });
}

// CR or LF would end the header line and start one the caller never meant.
bool IsValidHeaderValue(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) ==
         std::string_view::npos;
}

bool HasHeader(const HttpRequest& request, std::string_view name) {
  return std::any_of(request.headers.begin(), request.headers.end(),
                     [name](const HttpHeader& header) {
                       return absl::EqualsIgnoreCase(
                           header.name,
                           absl::string_view(name.data(), name.size()));
                     });
}

bool Append(CurlHeaderList& list, const std::string& line) {
  curl_slist* extended = curl_slist_append(list.get(), line.c_str());
  if (extended == nullptr) return false;
  // libcurl returns the list's head, which is the old one unless the list
  // was empty: hand ownership over without freeing it.
  list.release();
  list.reset(extended);
  return true;
}

const char* CustomMethodName(HttpMethod method) {
  switch (method) {
    case HttpMethod::kPut:
      return "PUT";
    case HttpMethod::kPatch:
      return "PATCH";
    case HttpMethod::kDelete:
      return "DELETE";
    case HttpMethod::kGet:
    case HttpMethod::kPost:
      break;
  }
  return nullptr;
}

void SetMethodAndBody(CurlOptionSetter& set, const HttpRequest& request) {
  if (request.method == HttpMethod::kGet) {
    set.Set(CURLOPT_HTTPGET, 1L);
    return;
  }
  set.Set(CURLOPT_POSTFIELDSIZE_LARGE,
          static_cast<curl_off_t>(request.body.size()));
  set.Set(CURLOPT_POSTFIELDS, request.body.data());
  if (const char* name = CustomMethodName(request.method)) {
    set.Set(CURLOPT_CUSTOMREQUEST, name);
  }
}

long Milliseconds(std::chrono::milliseconds duration) {
  return static_cast<long>(std::min<std::chrono::milliseconds::rep>(
      duration.count(), std::numeric_limits<long>::max()));
}

}  // namespace

std::optional<std::string> RequestProblem(const HttpRequest& request) {
  if (request.connect_timeout <= std::chrono::milliseconds::zero()) {
    return "connect_timeout must be positive";
  }
  if (request.total_timeout <= std::chrono::milliseconds::zero()) {
    return "total_timeout must be positive";
  }
  if (request.max_response_bytes == 0) {
    return "max_response_bytes must be positive";
  }
  for (const HttpHeader& header : request.headers) {
    if (!IsValidHeaderName(header.name)) return "a header name is malformed";
    if (!IsValidHeaderValue(header.value)) {
      return absl::StrCat("the value of header ", header.name,
                          " holds a line break or NUL");
    }
  }
  return std::nullopt;
}

CurlHeaderList HeaderLinesOf(const HttpRequest& request) {
  CurlHeaderList list;
  for (const HttpHeader& header : request.headers) {
    // "Name;" is libcurl's way to send a header with an empty value.
    std::string line = header.value.empty()
                           ? absl::StrCat(header.name, ";")
                           : absl::StrCat(header.name, ": ", header.value);
    if (!Append(list, line)) return nullptr;
  }
  // Waiting for "100 Continue" before a larger body costs a round trip, or
  // a second's stall with servers that never send it.
  if (!HasHeader(request, "expect") && !Append(list, "Expect:")) {
    return nullptr;
  }
  // Otherwise libcurl labels every body as a form.
  if (!HasHeader(request, "content-type") && !Append(list, "Content-Type:")) {
    return nullptr;
  }
  return list;
}

void SetRequestOptions(CurlOptionSetter& set, const HttpRequest& request,
                       const curl_slist* header_lines, char* error_buffer) {
  set.Set(CURLOPT_URL, request.url.c_str());
  set.Set(CURLOPT_CONNECTTIMEOUT_MS, Milliseconds(request.connect_timeout));
  set.Set(CURLOPT_TIMEOUT_MS, Milliseconds(request.total_timeout));
  // Refuses a response whose Content-Length is already over budget before
  // any of it is read; CurlResponseReader catches the rest.
  set.Set(
      CURLOPT_MAXFILESIZE_LARGE,
      static_cast<curl_off_t>(std::min<size_t>(
          request.max_response_bytes, std::numeric_limits<curl_off_t>::max())));
  set.Set(CURLOPT_HTTPHEADER, header_lines);
  set.Set(CURLOPT_ERRORBUFFER, error_buffer);
  SetMethodAndBody(set, request);
}

}  // namespace cordon::adapters::http
