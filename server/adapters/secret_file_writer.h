#ifndef CORDON_SERVER_ADAPTERS_SECRET_FILE_WRITER_H_
#define CORDON_SERVER_ADAPTERS_SECRET_FILE_WRITER_H_

#include <string>

#include "absl/status/status.h"

namespace cordon::adapters {

// Writes `content` and a line break to `path`, readable by the owner only
// (0600), through a temporary file that is synced and renamed, so a crash
// leaves either no file or a complete one. FAILED_PRECONDITION naming the
// path (never the content) when it cannot.
absl::Status WriteSecretFile(const std::string& path,
                             const std::string& content);

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_SECRET_FILE_WRITER_H_
