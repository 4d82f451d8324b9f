#include "server/adapters/fd_write.h"

#include <unistd.h>

#include <cerrno>

namespace cordon::adapters {

bool WriteAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

}  // namespace cordon::adapters
