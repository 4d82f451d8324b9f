#include "server/engine/common/run_once.h"

#include <string>

#include "absl/status/statusor.h"
#include "server/core/errors.h"
#include "server/store/transact.h"
#include "server/store/transaction.h"

namespace cordon::engine {

absl::Status RunOncePerStore(store::Database& db, absl::string_view marker,
                             const std::function<absl::Status()>& upgrade) {
  const absl::StatusOr<std::string> done =
      db.Get(store::Family::kMeta, std::string(marker));
  if (done.ok()) return absl::OkStatus();
  if (!absl::IsNotFound(done.status())) return done.status();
  CORDON_RETURN_IF_ERROR(upgrade());
  return store::Transact(db, [&](store::Transaction& txn) {
    txn.PutRaw(store::Family::kMeta, std::string(marker), "");
    return txn.Commit();
  });
}

}  // namespace cordon::engine
