#ifndef CORDON_SERVER_STORE_KEYS_H_
#define CORDON_SERVER_STORE_KEYS_H_

#include <cstdint>
#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace cordon::store {

// Keys are built from big-endian integers so that RocksDB's bytewise order is
// numeric order: children of one parent are contiguous and sorted by id.
void AppendUint64(std::string* key, uint64_t value);

// Reads the big-endian uint64 at `offset`; nullopt if the key is too short.
absl::optional<uint64_t> ReadUint64(absl::string_view key, size_t offset);

// The key made of these ids, in order.
std::string KeyOf(std::initializer_list<uint64_t> ids);

// The smallest key greater than every key that starts with `prefix`; empty
// when there is none (prefix of all 0xff). Used as an iterator upper bound.
std::string PrefixSuccessor(absl::string_view prefix);

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_KEYS_H_
