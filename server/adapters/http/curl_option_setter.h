#ifndef CORDON_SERVER_ADAPTERS_HTTP_CURL_OPTION_SETTER_H_
#define CORDON_SERVER_ADAPTERS_HTTP_CURL_OPTION_SETTER_H_

#include <curl/curl.h>

namespace cordon::adapters::http {

// Sets options on an easy handle and keeps the first refusal: a transfer
// that lacks any of its options (a CA file, the allowed protocols, a
// timeout) must not run at all.
class CurlOptionSetter {
 public:
  explicit CurlOptionSetter(CURL* handle) : handle_(handle) {}

  // libcurl reads `value` as a C vararg: integer options take a long,
  // sizes a curl_off_t.
  template <typename Value>
  void Set(CURLoption option, Value value) {
    if (result_ == CURLE_OK) result_ = curl_easy_setopt(handle_, option, value);
  }

  CURLcode result() const { return result_; }

 private:
  CURL* const handle_;
  CURLcode result_ = CURLE_OK;
};

}  // namespace cordon::adapters::http

#endif  // CORDON_SERVER_ADAPTERS_HTTP_CURL_OPTION_SETTER_H_
