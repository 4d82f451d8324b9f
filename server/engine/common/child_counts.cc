#include "server/engine/common/child_counts.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/errors.h"
#include "server/engine/common/run_once.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"
#include "server/store/transact.h"

namespace cordon::engine {
namespace {

// kMeta: present once CountChildrenOfOldStore has set every counter.
constexpr char kChildCountsBackfilledKey[] = "child_counts_backfilled";
constexpr size_t kChildCountsPerCommit = 1000;

// A counted family and the length of its rows' parent key prefix.
struct CountedFamily {
  store::Family family;
  size_t parent_bytes;
};
constexpr CountedFamily kCountedFamilies[] = {
    {store::Family::kIdentities, 16},
    {store::Family::kOrganizations, 8},
    {store::Family::kUsers, 8},
    {store::Family::kAccessRules, 8},
};

// Counter key -> count.
using ChildCountMap = std::map<std::string, int64_t>;

// The identities of an organization are counted in kCountStripes rows, so
// creates in one organization lock different rows and share their synced
// commits (IdentityManager::Create; issue 14). Part 0 is the one row
// stores kept before, so their counts stay right; any part may go below
// zero (an identity counted in one part is uncounted in the part of its
// id), only the sum means anything.
constexpr uint64_t kCountStripes = 16;

bool IsStriped(store::Family family) {
  return family == store::Family::kIdentities;
}

std::string ChildCountKey(store::Family family, absl::string_view parent_key) {
  std::string tail(1, static_cast<char>(family));
  tail.append(parent_key.data(), parent_key.size());
  return store::IndexKey(store::IndexKind::kChildCount, {}, tail);
}

// Part `stripe` of a striped counter: the counter's key, then the part's
// byte (none for part 0).
std::string StripeKey(store::Family family, absl::string_view parent_key,
                      uint64_t stripe) {
  std::string key = ChildCountKey(family, parent_key);
  if (stripe != 0) key.push_back(static_cast<char>(stripe));
  return key;
}

// The counter a stored key counts for: a part's key without its byte. A
// counter key is the index kind byte, the family byte and the parent key.
std::string CounterOf(absl::string_view key) {
  for (const CountedFamily& counted : kCountedFamilies) {
    const size_t whole = 2 + counted.parent_bytes;
    if (IsStriped(counted.family) && key.size() == whole + 1 &&
        static_cast<unsigned char>(key[1]) ==
            static_cast<unsigned char>(counted.family)) {
      return std::string(key.substr(0, whole));
    }
  }
  return std::string(key);
}

absl::StatusOr<int64_t> DecodeChildCount(absl::string_view value) {
  const absl::optional<uint64_t> count = store::ReadUint64(value, 0);
  if (!count.has_value() || value.size() != 8) {
    return absl::DataLossError("a child count row does not parse");
  }
  return static_cast<int64_t>(*count);
}

// Zero is no row: a store keeps no counter of an empty parent.
void WriteChildCount(store::Transaction& txn, const std::string& key,
                     int64_t count) {
  if (count == 0) {
    txn.Delete(store::Family::kIndex, key);
    return;
  }
  std::string value;
  store::AppendUint64(&value, static_cast<uint64_t>(count));
  txn.PutRaw(store::Family::kIndex, key, value);
}

// What the rows say: every counted family scanned.
absl::StatusOr<ChildCountMap> TallyChildren(const store::Database& db) {
  ChildCountMap tally;
  for (const CountedFamily& counted : kCountedFamilies) {
    CORDON_RETURN_IF_ERROR(
        db.Scan(counted.family, "", "", /*reverse=*/false,
                [&](absl::string_view key, absl::string_view) {
                  if (key.size() >= counted.parent_bytes) {
                    ++tally[ChildCountKey(counted.family,
                                          key.substr(0, counted.parent_bytes))];
                  }
                  return true;
                }));
  }
  return tally;
}

// What the counters say.
absl::StatusOr<ChildCountMap> StoredChildCounts(const store::Database& db) {
  ChildCountMap stored;
  absl::Status parse_status;
  CORDON_RETURN_IF_ERROR(db.Scan(
      store::Family::kIndex, store::IndexKey(store::IndexKind::kChildCount, {}),
      "",
      /*reverse=*/false, [&](absl::string_view key, absl::string_view value) {
        absl::StatusOr<int64_t> count = DecodeChildCount(value);
        if (!count.ok()) {
          parse_status = count.status();
          return false;
        }
        stored[CounterOf(key)] += *count;
        return true;
      }));
  CORDON_RETURN_IF_ERROR(parse_status);
  return stored;
}

// "identities under 7/12" for a counter key.
std::string DescribeChildCountKey(absl::string_view key) {
  if (key.size() < 2) return "a child count";
  const auto family =
      static_cast<store::Family>(static_cast<unsigned char>(key[1]));
  const int index = static_cast<int>(family);
  std::vector<uint64_t> ids;
  for (size_t at = 2; at + 8 <= key.size(); at += 8) {
    ids.push_back(store::ReadUint64(key, at).value_or(0));
  }
  const absl::string_view name =
      index >= 0 && index < static_cast<int>(store::Family::kCount)
          ? store::kFamilyNames[index]
          : absl::string_view("rows");
  return absl::StrCat(name, " under ", absl::StrJoin(ids, "/"));
}

// Sets counter `key` to `count` in its first part, and removes its other
// parts if its family is striped.
void WriteWholeCount(store::Transaction& txn, const std::string& key,
                     int64_t count) {
  WriteChildCount(txn, key, count);
  const auto family =
      static_cast<store::Family>(static_cast<unsigned char>(key[1]));
  if (!IsStriped(family)) return;
  for (uint64_t stripe = 1; stripe < kCountStripes; ++stripe) {
    txn.Delete(store::Family::kIndex, key + static_cast<char>(stripe));
  }
}

// Every counter set to `tally`, and counters `tally` lacks removed, a
// thousand per commit.
absl::Status WriteChildCounts(store::Database& db, const ChildCountMap& tally,
                              const ChildCountMap& stored) {
  std::vector<std::pair<std::string, int64_t>> writes(tally.begin(),
                                                      tally.end());
  for (const auto& [key, count] : stored) {
    if (!tally.contains(key)) writes.emplace_back(key, 0);
  }
  for (size_t first = 0; first < writes.size();
       first += kChildCountsPerCommit) {
    const size_t end = std::min(writes.size(), first + kChildCountsPerCommit);
    CORDON_RETURN_IF_ERROR(store::Transact(db, [&](store::Transaction& txn) {
      for (size_t i = first; i < end; ++i) {
        WriteWholeCount(txn, writes[i].first, writes[i].second);
      }
      return txn.Commit();
    }));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int64_t> LockChildCount(store::Transaction& txn,
                                       store::Family family,
                                       absl::string_view parent_key) {
  const uint64_t stripes = IsStriped(family) ? kCountStripes : 1;
  int64_t count = 0;
  for (uint64_t stripe = 0; stripe < stripes; ++stripe) {
    std::string value;
    CORDON_ASSIGN_OR_RETURN(
        bool found,
        txn.GetRawForUpdate(store::Family::kIndex,
                            StripeKey(family, parent_key, stripe), &value));
    if (!found) continue;
    CORDON_ASSIGN_OR_RETURN(int64_t part, DecodeChildCount(value));
    count += part;
  }
  return count;
}

absl::Status AddChildCount(store::Transaction& txn, store::Family family,
                           absl::string_view parent_key, int64_t delta,
                           uint64_t spread) {
  if (IsStriped(family)) {
    const std::string key =
        StripeKey(family, parent_key, spread % kCountStripes);
    std::string value;
    CORDON_ASSIGN_OR_RETURN(
        bool found, txn.GetRawForUpdate(store::Family::kIndex, key, &value));
    int64_t part = 0;
    if (found) {
      CORDON_ASSIGN_OR_RETURN(part, DecodeChildCount(value));
    }
    WriteChildCount(txn, key, part + delta);
    return absl::OkStatus();
  }
  CORDON_ASSIGN_OR_RETURN(int64_t count,
                          LockChildCount(txn, family, parent_key));
  return AddToLockedChildCount(txn, family, parent_key, count, delta);
}

absl::Status AddToLockedChildCount(store::Transaction& txn,
                                   store::Family family,
                                   absl::string_view parent_key,
                                   int64_t locked_count, int64_t delta) {
  if (IsStriped(family)) {
    return absl::InternalError(
        "a striped child count is added to through AddChildCount");
  }
  const std::string key = ChildCountKey(family, parent_key);
  if (locked_count + delta < 0) {
    return absl::DataLossError(
        absl::StrCat("the count of ", DescribeChildCountKey(key), " is ",
                     locked_count, ", below the rows it counts"));
  }
  WriteChildCount(txn, key, locked_count + delta);
  return absl::OkStatus();
}

void ClearChildCount(store::Transaction& txn, store::Family family,
                     absl::string_view parent_key) {
  WriteWholeCount(txn, ChildCountKey(family, parent_key), 0);
}

absl::StatusOr<int64_t> ReadChildCount(const store::Database& db,
                                       store::Family family,
                                       absl::string_view parent_key) {
  if (!IsStriped(family)) {
    absl::StatusOr<std::string> value =
        db.Get(store::Family::kIndex, ChildCountKey(family, parent_key));
    if (absl::IsNotFound(value.status())) return 0;
    if (!value.ok()) return value.status();
    return DecodeChildCount(*value);
  }
  // Every part: the parent keys of a striped family have one length, so
  // the prefix holds this counter's parts and no other counter.
  int64_t count = 0;
  absl::Status parse_status;
  CORDON_RETURN_IF_ERROR(db.Scan(
      store::Family::kIndex, ChildCountKey(family, parent_key), "",
      /*reverse=*/false, [&](absl::string_view, absl::string_view value) {
        absl::StatusOr<int64_t> part = DecodeChildCount(value);
        if (!part.ok()) {
          parse_status = part.status();
          return false;
        }
        count += *part;
        return true;
      }));
  CORDON_RETURN_IF_ERROR(parse_status);
  return count;
}

absl::Status CountChildrenOfOldStore(store::Database& db) {
  return RunOncePerStore(db, kChildCountsBackfilledKey, [&]() -> absl::Status {
    CORDON_ASSIGN_OR_RETURN(const ChildCountMap tally, TallyChildren(db));
    CORDON_ASSIGN_OR_RETURN(const ChildCountMap stored, StoredChildCounts(db));
    return WriteChildCounts(db, tally, stored);
  });
}

absl::StatusOr<std::vector<std::string>> ChildCountMismatches(
    const store::Database& db) {
  CORDON_ASSIGN_OR_RETURN(ChildCountMap tally, TallyChildren(db));
  CORDON_ASSIGN_OR_RETURN(const ChildCountMap stored, StoredChildCounts(db));
  for (const auto& [key, count] : stored) tally.try_emplace(key, 0);
  std::vector<std::string> mismatches;
  for (const auto& [key, counted] : tally) {
    const auto found = stored.find(key);
    const int64_t kept = found == stored.end() ? 0 : found->second;
    if (kept != counted) {
      mismatches.push_back(absl::StrCat(DescribeChildCountKey(key),
                                        ": counted ", counted, ", stored ",
                                        kept));
    }
  }
  return mismatches;
}

}  // namespace cordon::engine
