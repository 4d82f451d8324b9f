#include "server/listen_address.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace cordon {

absl::StatusOr<ListenAddress> ParseListenAddress(absl::string_view flag,
                                                 const std::string& value,
                                                 absl::string_view example) {
  const size_t colon = value.rfind(':');
  ListenAddress address;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(value.substr(colon + 1), &address.port) ||
      address.port < 0 || address.port > 65535 ||
      value.find_first_not_of("0123456789", colon + 1) != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, "=", value,
        " is not host:port with a port from 0 to 65535, e.g. ", example));
  }
  address.host = value.substr(0, colon);
  if (address.host.size() > 2 && address.host.front() == '[' &&
      address.host.back() == ']') {
    address.host = address.host.substr(1, address.host.size() - 2);
  }
  return address;
}

}  // namespace cordon
