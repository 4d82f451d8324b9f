#ifndef CORDON_SERVER_STORE_INDEXES_H_
#define CORDON_SERVER_STORE_INDEXES_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "server/store/keys.h"

namespace cordon::store {

// Secondary index keys in Family::kIndex. Each starts with its kind byte so
// the kinds never mix; rows are written in the same transaction as the row
// they index.
enum class IndexKind : char {
  // be64(account) be64(org) upn-lowercased -> be64(identity): UPN unique per
  // organization, case-insensitive.
  kIdentityUpn = 1,
  // be64(account) email-lowercased -> be64(user): email unique per account.
  kUserEmail = 2,
  // be64(account) be64(user) be64(key) -> "": a user's API keys.
  kUserApiKey = 3,
};

inline std::string IndexKey(IndexKind kind, std::initializer_list<uint64_t> ids,
                            absl::string_view tail = "") {
  std::string key(1, static_cast<char>(kind));
  for (uint64_t id : ids) AppendUint64(&key, id);
  key.append(tail.data(), tail.size());
  return key;
}

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_INDEXES_H_
