#ifndef CORDON_SERVER_ENGINE_COMMON_ROWS_H_
#define CORDON_SERVER_ENGINE_COMMON_ROWS_H_

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/core/errors.h"
#include "server/store/database.h"
#include "server/store/family.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// Reading stored rows as their messages. The managers answer a missing row
// with NOT_FOUND naming the resource the caller asked for (`resource`, e.g.
// "accounts/7"), and a row that does not parse with DATA_LOSS naming the kind
// of record (`record_kind`, e.g. "account record"): a corrupt row is the
// operator's problem, never the caller's.

// DATA_LOSS for a stored row of `record_kind` that does not parse.
absl::Status RowDoesNotParse(absl::string_view record_kind);

// OK when `family` holds a row at `key`; NOT_FOUND naming `resource` when
// not. For a parent that must exist before its children are listed.
absl::Status CheckRowExists(const store::Database& db, store::Family family,
                            absl::string_view key, absl::string_view resource);

// The row of `family` at `key`, read outside a transaction.
template <typename Message>
absl::StatusOr<Message> ReadRow(const store::Database& db, store::Family family,
                                absl::string_view key,
                                absl::string_view resource,
                                absl::string_view record_kind) {
  absl::StatusOr<std::string> value = db.Get(family, key);
  if (absl::IsNotFound(value.status())) {
    return absl::NotFoundError(absl::StrCat(resource, " not found"));
  }
  if (!value.ok()) return value.status();
  Message row;
  if (!row.ParseFromString(*value)) return RowDoesNotParse(record_kind);
  return row;
}

// The row of `family` at `key`, locked in `txn` until it commits.
template <typename Message>
absl::StatusOr<Message> LockRow(store::Transaction& txn, store::Family family,
                                absl::string_view key,
                                absl::string_view resource) {
  Message row;
  CORDON_ASSIGN_OR_RETURN(bool found, txn.GetForUpdate(family, key, &row));
  if (!found) return absl::NotFoundError(absl::StrCat(resource, " not found"));
  return row;
}

// Calls `visit` with each row of `family` under `prefix`, in key order, until
// it returns false or `limit` rows have been visited: a scan that is bounded
// whatever the collection holds.
template <typename Message>
absl::Status ScanRows(const store::Database& db, store::Family family,
                      absl::string_view prefix, int limit,
                      absl::string_view record_kind,
                      absl::FunctionRef<bool(const Message&)> visit) {
  int visited = 0;
  absl::Status parse_status;
  CORDON_RETURN_IF_ERROR(db.Scan(
      family, prefix, "", /*reverse=*/false,
      [&](absl::string_view, absl::string_view value) {
        Message row;
        if (!row.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parse_status = RowDoesNotParse(record_kind);
          return false;
        }
        return visit(row) && ++visited < limit;
      }));
  return parse_status;
}

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_ROWS_H_
