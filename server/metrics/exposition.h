#ifndef CORDON_SERVER_METRICS_EXPOSITION_H_
#define CORDON_SERVER_METRICS_EXPOSITION_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace cordon::metrics {

// The pieces of the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/) that the
// registry writes a scrape with.

// A sample value: the shortest text that reads back as the same double
// ("3", "0.25", "1e+21"), and "+Inf", "-Inf", "NaN".
std::string FormatValue(double value);

// A label value between double quotes: backslash, double quote and line
// feed escaped.
std::string EscapeLabelValue(absl::string_view value);

// A HELP text: backslash and line feed escaped.
std::string EscapeHelp(absl::string_view help);

// `{a="x",b="y"}` for names and values of the same length, plus an optional
// last pair (a histogram's `le`); "" when there is no label at all.
std::string FormatLabels(absl::Span<const std::string> names,
                         absl::Span<const std::string> values,
                         absl::string_view extra_name = "",
                         absl::string_view extra_value = "");

// Appends the `# HELP` and `# TYPE` lines of a family.
void AppendHeader(absl::string_view name, absl::string_view help,
                  absl::string_view type, std::string* out);

// Appends one sample line: name, labels, value.
void AppendSample(absl::string_view name, absl::string_view labels,
                  double value, std::string* out);

// True for a valid metric or label name ([a-zA-Z_:][a-zA-Z0-9_:]*, no colon
// in label names); the registry refuses others when a family is added.
bool IsValidMetricName(absl::string_view name);
bool IsValidLabelName(absl::string_view name);

}  // namespace cordon::metrics

#endif  // CORDON_SERVER_METRICS_EXPOSITION_H_
