#ifndef CORDON_SERVER_ADAPTERS_HTTP_CURL_HANDLE_POOL_H_
#define CORDON_SERVER_ADAPTERS_HTTP_CURL_HANDLE_POOL_H_

#include <curl/curl.h>

#include <cstddef>
#include <mutex>
#include <vector>

namespace cordon::adapters::http {

// libcurl easy handles kept alive between calls, each with the connections
// it opened, so that a call reuses a connection an earlier call left open,
// whichever thread made it. The mutex guards the list only, never a
// transfer: concurrent calls each hold their own handle and run in parallel.
class CurlHandlePool {
 public:
  // A handle on loan to one call; returned to the pool when it goes.
  class Lease {
   public:
    Lease(CurlHandlePool* pool, CURL* handle) : pool_(pool), handle_(handle) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    // Null when libcurl could not make a handle (out of memory).
    CURL* get() const { return handle_; }

   private:
    CurlHandlePool* pool_;
    CURL* handle_;
  };

  // Handles attach to `share` (which must outlive the pool). At most
  // `max_idle` handles stay pooled; more concurrent calls get handles that
  // close their connections when returned.
  CurlHandlePool(CURLSH* share, size_t max_idle);
  // Every lease must have ended.
  ~CurlHandlePool();
  CurlHandlePool(const CurlHandlePool&) = delete;
  CurlHandlePool& operator=(const CurlHandlePool&) = delete;

  // The most recently returned handle first: its connection is the likeliest
  // to be open still.
  Lease Acquire();

 private:
  CURL* NewHandle();
  void Release(CURL* handle);

  CURLSH* const share_;
  const size_t max_idle_;
  std::mutex mutex_;
  std::vector<CURL*> idle_;  // guarded by mutex_
};

}  // namespace cordon::adapters::http

#endif  // CORDON_SERVER_ADAPTERS_HTTP_CURL_HANDLE_POOL_H_
