// The List filter language (core::ParseFilter): any text either parses into
// terms that respect the declared fields, or is INVALID_ARGUMENT.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "server/core/filter.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

// Shaped like the fields the List calls declare: enum-valued, boolean and
// free-valued.
const std::vector<cordon::core::FilterField>& Fields() {
  static const auto* fields = new std::vector<cordon::core::FilterField>{
      {"state", {"ISOLATED", "RELEASED", "PENDING"}},
      {"isolated", {"true", "false"}},
      {"organization", {}},
      {"upn", {}},
  };
  return *fields;
}

const cordon::core::FilterField* FindField(absl::string_view name) {
  for (const auto& field : Fields()) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view filter(reinterpret_cast<const char*>(data), size);
  auto terms = cordon::core::ParseFilter(filter, Fields());
  if (!terms.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(terms.status()));
    return 0;
  }
  FUZZ_CHECK(filter.size() <= cordon::core::kMaxFilterLength);
  for (const auto& [name, value] : *terms) {
    const cordon::core::FilterField* field = FindField(name);
    FUZZ_CHECK(field != nullptr);
    if (field->allowed_values.empty()) continue;
    bool allowed = false;
    for (const auto& v : field->allowed_values) allowed |= v == value;
    FUZZ_CHECK(allowed);
  }
  return 0;
}
