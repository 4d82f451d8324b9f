#include "tools/bench/grpc/channels.h"

#include <chrono>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace cordon::bench::grpc_load {

absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> ConnectChannels(
    const std::string& addresses, int count) {
  const std::vector<std::string> targets = absl::StrSplit(addresses, ',');
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < count; ++i) {
    const std::string& address = targets[i % targets.size()];
    grpc::ChannelArguments arguments;
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    arguments.SetInt("cordon.bench.channel", i);  // distinct: own connection
    std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(
        address, grpc::InsecureChannelCredentials(), arguments);
    if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                   std::chrono::seconds(10))) {
      return absl::UnavailableError(
          absl::StrCat("cannot connect to ", address, " within 10 s"));
    }
    channels.push_back(std::move(channel));
  }
  return channels;
}

}  // namespace cordon::bench::grpc_load
