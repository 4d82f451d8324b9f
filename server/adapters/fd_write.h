#ifndef CORDON_SERVER_ADAPTERS_FD_WRITE_H_
#define CORDON_SERVER_ADAPTERS_FD_WRITE_H_

#include "absl/strings/string_view.h"

namespace cordon::adapters {

// Writes all of `data` to `fd`, going on after a short write or EINTR.
// False when a write fails (nothing says how much reached the file then).
bool WriteAll(int fd, absl::string_view data);

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_FD_WRITE_H_
