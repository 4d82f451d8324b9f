#ifndef CORDON_SERVER_ENGINE_COMMON_IDEMPOTENCY_H_
#define CORDON_SERVER_ENGINE_COMMON_IDEMPOTENCY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cordon/store/records.pb.h"
#include "server/core/errors.h"
#include "server/engine/common/dedup_rows.h"
#include "server/store/database.h"
#include "server/store/keys.h"
#include "server/store/transact.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// What makes a Create call safe to retry (AIP-155): its request_id, scoped
// to the account (0 for provider-wide) and method, and a fingerprint of the
// rest of the request.
struct IdempotentCall {
  uint64_t scope = 0;
  std::string method;
  std::string request_id;  // empty: no idempotency asked for
  uint64_t request_fingerprint = 0;
};

std::string IdempotencyKey(const IdempotentCall& call);

// Runs `create` in one transaction and commits it, unless a call with the
// same request_id already succeeded: then returns that call's response and
// writes nothing. A request_id reused for a different request is
// INVALID_ARGUMENT. `redact` clears secrets before the response is kept.
// The request_id is kept for --dedup_retention from `now` (dedup_rows.h).
template <typename Response>
absl::StatusOr<Response> CreateOnce(
    store::Database& db, const IdempotentCall& call, absl::Time now,
    const std::function<absl::StatusOr<Response>(store::Transaction&)>& create,
    const std::function<void(Response*)>& redact = nullptr) {
  return store::Transact(
      db, [&](store::Transaction& txn) -> absl::StatusOr<Response> {
        const std::string key = IdempotencyKey(call);
        if (!call.request_id.empty()) {
          cordon::store::IdempotencyRecord seen;
          CORDON_ASSIGN_OR_RETURN(
              bool found,
              txn.GetForUpdate(store::Family::kIdempotency, key, &seen));
          if (found) {
            if (seen.request_fingerprint() != call.request_fingerprint) {
              return core::InvalidField(
                  "request_id",
                  "already used for a different request; use a new request_id",
                  "REQUEST_ID_REUSED");
            }
            Response first;
            if (!first.ParseFromString(seen.response())) {
              return absl::DataLossError("stored response does not parse");
            }
            return first;
          }
        }
        CORDON_ASSIGN_OR_RETURN(Response response, create(txn));
        if (!call.request_id.empty()) {
          cordon::store::IdempotencyRecord record;
          record.set_method(call.method);
          record.set_request_fingerprint(call.request_fingerprint);
          Response kept = response;
          if (redact) redact(&kept);
          record.set_response(kept.SerializeAsString());
          txn.Put(store::Family::kIdempotency, key, record);
          TrackDedupRow(txn, store::Family::kIdempotency, key, now);
        }
        CORDON_RETURN_IF_ERROR(txn.Commit());
        return response;
      });
}

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_IDEMPOTENCY_H_
