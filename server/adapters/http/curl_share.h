#ifndef CORDON_SERVER_ADAPTERS_HTTP_CURL_SHARE_H_
#define CORDON_SERVER_ADAPTERS_HTTP_CURL_SHARE_H_

#include <curl/curl.h>

#include <array>
#include <mutex>

namespace cordon::adapters::http {

// libcurl's global initialisation (once per process, before any other
// libcurl call), then the libcurl caches that every easy handle of a client
// shares across threads: DNS answers, and TLS sessions so that a handle opening
// a new connection resumes a session instead of doing a full handshake.
//
// Not the connection cache: libcurl documents that sharing connections
// between concurrent threads is not supported. Connections stay with the
// pooled easy handles instead (CurlHandlePool).
class CurlShare {
 public:
  CurlShare();
  ~CurlShare();
  CurlShare(const CurlShare&) = delete;
  CurlShare& operator=(const CurlShare&) = delete;

  CURLSH* get() const { return share_; }

 private:
  static void Lock(CURL* handle, curl_lock_data data, curl_lock_access access,
                   void* self);
  static void Unlock(CURL* handle, curl_lock_data data, void* self);
  std::mutex& MutexFor(curl_lock_data data);

  // One mutex per kind of data, so that a DNS lookup never waits for a TLS
  // session store (libcurl asks for this).
  std::array<std::mutex, CURL_LOCK_DATA_LAST> mutexes_;
  CURLSH* share_;
};

}  // namespace cordon::adapters::http

#endif  // CORDON_SERVER_ADAPTERS_HTTP_CURL_SHARE_H_
