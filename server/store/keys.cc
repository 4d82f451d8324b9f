#include "server/store/keys.h"

namespace cordon::store {

void AppendUint64(std::string* key, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    key->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

absl::optional<uint64_t> ReadUint64(absl::string_view key, size_t offset) {
  if (key.size() < offset + 8) return absl::nullopt;
  uint64_t value = 0;
  for (size_t i = 0; i < 8; ++i) {
    value = (value << 8) | static_cast<unsigned char>(key[offset + i]);
  }
  return value;
}

std::string KeyOf(std::initializer_list<uint64_t> ids) {
  std::string key;
  key.reserve(ids.size() * 8);
  for (uint64_t id : ids) AppendUint64(&key, id);
  return key;
}

std::string PrefixSuccessor(absl::string_view prefix) {
  std::string successor(prefix);
  while (!successor.empty()) {
    unsigned char last = static_cast<unsigned char>(successor.back());
    if (last != 0xff) {
      successor.back() = static_cast<char>(last + 1);
      return successor;
    }
    successor.pop_back();
  }
  return successor;
}

}  // namespace cordon::store
