#ifndef CORDON_SERVER_ENGINE_COMMON_RUN_ONCE_H_
#define CORDON_SERVER_ENGINE_COMMON_RUN_ONCE_H_

#include <functional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/store/database.h"

namespace cordon::engine {

// A one-time upgrade of a store an older version wrote (Engine::
// UpgradeOldStore): runs `upgrade` unless the kMeta row `marker` says it
// ran, then writes the marker. A crash before the marker runs it again at
// the next start, so `upgrade` must be safe to repeat.
absl::Status RunOncePerStore(store::Database& db, absl::string_view marker,
                             const std::function<absl::Status()>& upgrade);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_COMMON_RUN_ONCE_H_
