#include "server/adapters/http/curl_share.h"

#include "server/core/check.h"

namespace cordon::adapters::http {

CurlShare::CurlShare() : share_(curl_share_init()) {
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
