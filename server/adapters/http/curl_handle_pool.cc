#include "server/adapters/http/curl_handle_pool.h"

namespace cordon::adapters::http {

CurlHandlePool::Lease::~Lease() {
  if (handle_ != nullptr) pool_->Release(handle_);
}

CurlHandlePool::CurlHandlePool(CURLSH* share, size_t max_idle)
    : share_(share), max_idle_(max_idle) {}

CurlHandlePool::~CurlHandlePool() {
  for (CURL* handle : idle_) curl_easy_cleanup(handle);
}

CurlHandlePool::Lease CurlHandlePool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      CURL* handle = idle_.back();
      idle_.pop_back();
      return Lease(this, handle);
    }
  }
  return Lease(this, NewHandle());
}

CURL* CurlHandlePool::NewHandle() {
  CURL* handle = curl_easy_init();
  if (handle == nullptr) return nullptr;
  // Set once: curl_easy_reset keeps a handle's share.
  if (curl_easy_setopt(handle, CURLOPT_SHARE, share_) != CURLE_OK) {
    curl_easy_cleanup(handle);
    return nullptr;
  }
  return handle;
}

void CurlHandlePool::Release(CURL* handle) {
  // Forgets the finished call's options (they point into its request and
  // its stack) but keeps the open connections and the caches.
  curl_easy_reset(handle);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(handle);
      return;
    }
  }
  curl_easy_cleanup(handle);
}

}  // namespace cordon::adapters::http
