#include "server/core/version.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace cordon::core {

absl::StatusOr<Version> ParseVersion(absl::string_view text) {
  if (text.empty()) return absl::InvalidArgumentError("version is empty");
  std::vector<absl::string_view> parts = absl::StrSplit(text, '.');
  if (parts.size() > kMaxVersionComponents) {
    return absl::InvalidArgumentError(absl::StrCat(
        "version has more than ", kMaxVersionComponents, " components"));
  }
  Version version;
  version.components.reserve(parts.size());
  for (absl::string_view part : parts) {
    // Covers a leading, trailing or doubled dot.
    if (part.empty()) {
      return absl::InvalidArgumentError("version has an empty component");
    }
    if (part.size() > kMaxVersionComponentDigits) {
      return absl::InvalidArgumentError(
          absl::StrCat("version component is longer than ",
                       kMaxVersionComponentDigits, " digits"));
    }
    uint32_t value = 0;
    for (char c : part) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
        return absl::InvalidArgumentError(
            "version components must be decimal digits only");
      }
      value = value * 10 + static_cast<uint32_t>(c - '0');
    }
    version.components.push_back(value);
  }
  return version;
}

std::string FormatVersion(const Version& version) {
  return absl::StrJoin(version.components, ".");
}

int CompareVersions(const Version& a, const Version& b) {
  const size_t n = std::max(a.components.size(), b.components.size());
  for (size_t i = 0; i < n; ++i) {
    const uint32_t x = i < a.components.size() ? a.components[i] : 0;
    const uint32_t y = i < b.components.size() ? b.components[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

bool AgentCanDisableOnPrem(absl::string_view agent_version) {
  absl::StatusOr<Version> version = ParseVersion(agent_version);
  if (!version.ok()) return false;
  // Parsed from the one constant so that the threshold has a single source.
  const absl::StatusOr<Version> minimum =
      ParseVersion(kMinimumOnPremDisableAgentVersion);
  return minimum.ok() && CompareVersions(*version, *minimum) >= 0;
}

}  // namespace cordon::core
