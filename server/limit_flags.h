#ifndef CORDON_SERVER_LIMIT_FLAGS_H_
#define CORDON_SERVER_LIMIT_FLAGS_H_

#include "absl/status/status.h"
#include "server/api/server.h"

namespace cordon {

// cordon-server's bounds on what clients can make it hold
// (--rate_limit_per_key, --rate_limit_burst, --max_message_bytes,
// --max_concurrent_streams, --max_threads) into `options`;
// INVALID_ARGUMENT naming the flag at fault. Reads options->events, so call
// it after the event flags are in.
absl::Status ReadLimitFlags(api::ServerOptions* options);

}  // namespace cordon

#endif  // CORDON_SERVER_LIMIT_FLAGS_H_
