#include "server/api/request_id.h"

#include <atomic>
#include <cstdint>
#include <random>

#include "absl/strings/str_cat.h"

namespace cordon::api {
namespace {

// Not a secret: only needs to differ between runs of the server.
const std::string& RequestIdPrefix() {
  static const std::string kPrefix = [] {
    std::random_device device;
    const uint64_t high = device();
    return absl::StrCat(absl::Hex((high << 32) | device(), absl::kZeroPad16));
  }();
  return kPrefix;
}

std::atomic<uint64_t> request_id_counter{0};

}  // namespace

bool IsSaneRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

std::string RequestIdOf(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kRequestIdKey);
  if (it != metadata.end()) {
    absl::string_view sent(it->second.data(), it->second.size());
    if (IsSaneRequestId(sent)) return std::string(sent);
  }
  return absl::StrCat(
      RequestIdPrefix(), "-",
      absl::Hex(request_id_counter.fetch_add(1, std::memory_order_relaxed)));
}

}  // namespace cordon::api
