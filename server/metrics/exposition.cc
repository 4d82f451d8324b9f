#include "server/metrics/exposition.h"

#include <charconv>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace cordon::metrics {
namespace {

// Escapes backslash and line feed, and double quote when `quote`.
std::string ExpositionEscape(absl::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

bool IsExpositionNameChar(char c, bool first, bool colon) {
  return absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         (colon && c == ':') ||
         (!first && absl::ascii_isdigit(static_cast<unsigned char>(c)));
}

bool IsValidExpositionName(absl::string_view name, bool colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsExpositionNameChar(name[i], i == 0, colon)) return false;
  }
  return true;
}

}  // namespace

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  const std::to_chars_result written =
      std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, written.ptr);
}

std::string EscapeLabelValue(absl::string_view value) {
  return ExpositionEscape(value, /*quote=*/true);
}

std::string EscapeHelp(absl::string_view help) {
  return ExpositionEscape(help, /*quote=*/false);
}

std::string FormatLabels(absl::Span<const std::string> names,
                         absl::Span<const std::string> values,
                         absl::string_view extra_name,
                         absl::string_view extra_value) {
  if (names.empty() && extra_name.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    if (i > 0) out += ',';
    absl::StrAppend(&out, names[i], "=\"", EscapeLabelValue(values[i]), "\"");
  }
  if (!extra_name.empty()) {
    if (!names.empty()) out += ',';
    absl::StrAppend(&out, extra_name, "=\"", EscapeLabelValue(extra_value),
                    "\"");
  }
  out += '}';
  return out;
}

void AppendHeader(absl::string_view name, absl::string_view help,
                  absl::string_view type, std::string* out) {
  absl::StrAppend(out, "# HELP ", name, " ", EscapeHelp(help), "\n# TYPE ",
                  name, " ", type, "\n");
}

void AppendSample(absl::string_view name, absl::string_view labels,
                  double value, std::string* out) {
  absl::StrAppend(out, name, labels, " ", FormatValue(value), "\n");
}

bool IsValidMetricName(absl::string_view name) {
  return IsValidExpositionName(name, /*colon=*/true);
}

bool IsValidLabelName(absl::string_view name) {
  return IsValidExpositionName(name, /*colon=*/false) &&
         !absl::StartsWith(name, "__");
}

}  // namespace cordon::metrics
