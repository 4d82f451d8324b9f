#ifndef CORDON_SERVER_STORE_SCHEMA_VERSION_H_
#define CORDON_SERVER_STORE_SCHEMA_VERSION_H_

#include "absl/strings/string_view.h"

namespace cordon::store {

// The layout of the stored rows this build reads and writes, the same for
// every backend. A store written by a newer schema is refused rather than
// misread. It is kept as decimal text at kSchemaVersionKey in Family::kMeta.
inline constexpr int kSchemaVersion = 1;
inline constexpr absl::string_view kSchemaVersionKey = "schema_version";

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_SCHEMA_VERSION_H_
