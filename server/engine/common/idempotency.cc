#include "server/engine/common/idempotency.h"

namespace cordon::engine {

std::string IdempotencyKey(const IdempotentCall& call) {
  std::string key = store::KeyOf({call.scope});
  // The method name holds no NUL, so the separator keeps keys unambiguous.
  absl::StrAppend(&key, call.method, absl::string_view("\0", 1),
                  call.request_id);
  return key;
}

}  // namespace cordon::engine
