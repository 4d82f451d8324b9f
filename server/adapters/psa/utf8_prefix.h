#ifndef CORDON_SERVER_ADAPTERS_PSA_UTF8_PREFIX_H_
#define CORDON_SERVER_ADAPTERS_PSA_UTF8_PREFIX_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace cordon::adapters::psa {

// The longest prefix of `text` of at most `max_bytes` that does not end in
// half a UTF-8 sequence (a PSA refuses or garbles a broken one).
inline absl::string_view Utf8Prefix(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  absl::string_view kept = text.substr(0, max_bytes);
  // Drop continuation bytes (10xxxxxx), then the lead byte they followed.
  while (!kept.empty() &&
         (static_cast<unsigned char>(kept.back()) & 0xC0) == 0x80) {
    kept.remove_suffix(1);
  }
  if (!kept.empty() && static_cast<unsigned char>(kept.back()) >= 0xC0) {
    kept.remove_suffix(1);
  }
  return kept;
}

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_UTF8_PREFIX_H_
