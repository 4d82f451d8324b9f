#include "server/adapters/http/curl_share.h"

#include <mutex>

#include "server/core/check.h"

namespace cordon::adapters::http {
namespace {

// curl_global_init is not thread-safe and must run before any other libcurl
// call, once per process whatever the number of clients.
CURLSH* InitLibcurlAndShare() {
  static std::once_flag once;
  std::call_once(once, [] {
    CORDON_CHECK(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK,
                 "curl_global_init failed");
  });
  return curl_share_init();
}

}  // namespace

CurlShare::CurlShare() : share_(InitLibcurlAndShare()) {
  CORDON_CHECK(share_ != nullptr, "curl_share_init failed (out of memory)");
  bool configured =
      curl_share_setopt(share_, CURLSHOPT_USERDATA, this) == CURLSHE_OK &&
      curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &CurlShare::Lock) ==
          CURLSHE_OK &&
      curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &CurlShare::Unlock) ==
          CURLSHE_OK &&
      curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) ==
          CURLSHE_OK &&
      curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) ==
          CURLSHE_OK;
  // Without the lock callbacks, sharing across threads would race.
  CORDON_CHECK(configured, "libcurl refused the share options");
}

CurlShare::~CurlShare() { curl_share_cleanup(share_); }

std::mutex& CurlShare::MutexFor(curl_lock_data data) {
  CORDON_CHECK(data >= 0 && data < CURL_LOCK_DATA_LAST,
               "libcurl asked to lock an unknown kind of data");
  return mutexes_[data];
}

void CurlShare::Lock(CURL* /*handle*/, curl_lock_data data,
                     curl_lock_access /*access*/, void* self) {
  static_cast<CurlShare*>(self)->MutexFor(data).lock();
}

void CurlShare::Unlock(CURL* /*handle*/, curl_lock_data data, void* self) {
  static_cast<CurlShare*>(self)->MutexFor(data).unlock();
}

}  // namespace cordon::adapters::http
