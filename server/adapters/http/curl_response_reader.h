#ifndef CORDON_SERVER_ADAPTERS_HTTP_CURL_RESPONSE_READER_H_
#define CORDON_SERVER_ADAPTERS_HTTP_CURL_RESPONSE_READER_H_

#include <curl/curl.h>

#include <cstddef>
#include <string_view>

#include "server/adapters/http/curl_option_setter.h"
#include "server/adapters/http/http_client.h"

namespace cordon::adapters::http {

// Collects one response's header lines and body from libcurl's callbacks
// into an HttpResponse, and stops the transfer as soon as the response
// would exceed its byte budget, so that memory stays bounded whatever the
// server sends.
class CurlResponseReader {
 public:
  // `response` must outlive the transfer.
  CurlResponseReader(HttpResponse& response, size_t max_bytes);
  CurlResponseReader(const CurlResponseReader&) = delete;
  CurlResponseReader& operator=(const CurlResponseReader&) = delete;

  // Points the handle's header and write callbacks at this reader.
  void Attach(CurlOptionSetter& set);

  // True once the reader stopped a transfer for its size.
  bool exceeded_budget() const { return exceeded_budget_; }

 private:
  enum class Part { kHeaderLine, kBody };

  static size_t OnHeaderLine(char* data, size_t size, size_t count, void* self);
  static size_t OnBody(char* data, size_t size, size_t count, void* self);
  // Keeps `bytes` if they fit the budget; returns how many were kept.
  size_t Receive(Part part, std::string_view bytes);
  void AddHeaderLine(std::string_view line);

  HttpResponse& response_;
  const size_t max_bytes_;
  size_t received_bytes_ = 0;
  bool exceeded_budget_ = false;
};

}  // namespace cordon::adapters::http

#endif  // CORDON_SERVER_ADAPTERS_HTTP_CURL_RESPONSE_READER_H_
