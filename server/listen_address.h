#ifndef CORDON_SERVER_LISTEN_ADDRESS_H_
#define CORDON_SERVER_LISTEN_ADDRESS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cordon {

// A listening address from a flag: host (brackets of an IPv6 literal
// removed) and port.
struct ListenAddress {
  std::string host;
  int port = 0;
};

// `value` as host:port with a port from 0 to 65535; INVALID_ARGUMENT
// naming `--<flag>=<value>` and showing `example` otherwise.
absl::StatusOr<ListenAddress> ParseListenAddress(absl::string_view flag,
                                                 const std::string& value,
                                                 absl::string_view example);

}  // namespace cordon

#endif  // CORDON_SERVER_LISTEN_ADDRESS_H_
