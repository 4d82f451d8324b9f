#ifndef CORDON_TOOLS_BENCH_GRPC_CHANNELS_H_
#define CORDON_TOOLS_BENCH_GRPC_CHANNELS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"

namespace cordon::bench::grpc_load {

// `count` channels to `address` (plaintext; several comma-separated
// addresses, replicas of one store, take the channels in turn), each on
// its own HTTP/2
// connection — gRPC would otherwise share one subchannel between channels
// with equal arguments — and each connected before this returns, so that
// no connection set-up is timed.
absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> ConnectChannels(
    const std::string& address, int count);

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_CHANNELS_H_
