#include "server/adapters/graph/tenant_id.h"

#include <cstddef>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

namespace cordon::adapters::graph {
namespace {

constexpr size_t kMaxDomainName = 253;
constexpr size_t kMaxLabel = 63;

bool IsValidLabel(absl::string_view label) {
  if (label.empty() || label.size() > kMaxLabel) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

// A GUID is one label of hex digits and dashes, so the domain rule covers
// both forms.
bool IsValidTenantId(absl::string_view tenant_id) {
  if (tenant_id.empty() || tenant_id.size() > kMaxDomainName) return false;
  for (absl::string_view label : absl::StrSplit(tenant_id, '.')) {
    if (!IsValidLabel(label)) return false;
  }
  return true;
}

}  // namespace cordon::adapters::graph
