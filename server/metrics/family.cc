#include "server/metrics/family.h"

#include "server/metrics/exposition.h"

namespace cordon::metrics {

absl::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

void FamilyBase::WriteHeader(std::string* out) const {
  AppendHeader(name_, help_, TypeName(type_), out);
}

void WriteSeries(absl::string_view name, absl::Span<const std::string> labels,
                 absl::Span<const std::string> values, const Counter& counter,
                 std::string* out) {
  AppendSample(name, FormatLabels(labels, values),
               static_cast<double>(counter.value()), out);
}

void WriteSeries(absl::string_view name, absl::Span<const std::string> labels,
                 absl::Span<const std::string> values, const Gauge& gauge,
                 std::string* out) {
  AppendSample(name, FormatLabels(labels, values), gauge.value(), out);
}

void WriteSeries(absl::string_view name, absl::Span<const std::string> labels,
                 absl::Span<const std::string> values,
                 const Histogram& histogram, std::string* out) {
  const Histogram::Snapshot snapshot = histogram.Read();
  const std::string bucket = std::string(name) + "_bucket";
  for (size_t i = 0; i < histogram.bounds().size(); ++i) {
    AppendSample(
        bucket,
        FormatLabels(labels, values, "le", FormatValue(histogram.bounds()[i])),
        static_cast<double>(snapshot.cumulative[i]), out);
  }
  AppendSample(bucket, FormatLabels(labels, values, "le", "+Inf"),
               static_cast<double>(snapshot.count), out);
  const std::string plain = FormatLabels(labels, values);
  AppendSample(std::string(name) + "_sum", plain, snapshot.sum, out);
  AppendSample(std::string(name) + "_count", plain,
               static_cast<double>(snapshot.count), out);
}

}  // namespace cordon::metrics
