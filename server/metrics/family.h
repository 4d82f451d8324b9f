#ifndef CORDON_SERVER_METRICS_FAMILY_H_
#define CORDON_SERVER_METRICS_FAMILY_H_

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "server/core/check.h"
#include "server/metrics/counter.h"
#include "server/metrics/histogram.h"

namespace cordon::metrics {

enum class MetricType { kCounter, kGauge, kHistogram };

// "counter", "gauge", "histogram": the word of a # TYPE line.
absl::string_view TypeName(MetricType type);

// One series of each metric type as exposition lines.
void WriteSeries(absl::string_view name, absl::Span<const std::string> labels,
                 absl::Span<const std::string> values, const Counter& counter,
                 std::string* out);
void WriteSeries(absl::string_view name, absl::Span<const std::string> labels,
                 absl::Span<const std::string> values, const Gauge& gauge,
                 std::string* out);
void WriteSeries(absl::string_view name, absl::Span<const std::string> labels,
                 absl::Span<const std::string> values,
                 const Histogram& histogram, std::string* out);

// A metric name with its help, type and label names: what a scrape writes
// as one block.
class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, MetricType type,
             std::vector<std::string> label_names)
      : name_(std::move(name)),
        help_(std::move(help)),
        type_(type),
        label_names_(std::move(label_names)) {}
  virtual ~FamilyBase() = default;

  // Appends # HELP, # TYPE and every series, in label order.
  virtual void Write(std::string* out) const = 0;

  const std::string& name() const { return name_; }
  MetricType type() const { return type_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

 protected:
  void WriteHeader(std::string* out) const;

 private:
  const std::string name_;
  const std::string help_;
  const MetricType type_;
  const std::vector<std::string> label_names_;
};

// A family's series beyond this many share one series whose label values
// are all "_overflow": a label fed by something unbounded cannot grow the
// server's memory or a scrape without bound, and the overflow shows.
inline constexpr size_t kMaxSeriesPerFamily = 10000;

// The series of one family, one per set of label values, each made on first
// use. Lookups take a shared lock (concurrent callers do not wait for each
// other); callers on a hot path with fixed labels keep the reference, which
// stays valid as long as the family.
template <typename Metric>
class Family final : public FamilyBase {
 public:
  using Factory = std::function<std::unique_ptr<Metric>()>;

  Family(std::string name, std::string help, MetricType type,
         std::vector<std::string> label_names, Factory make)
      : FamilyBase(std::move(name), std::move(help), type,
                   std::move(label_names)),
        make_(std::move(make)) {}

  // The series for `values`, one per label name in order.
  Metric& WithLabels(std::initializer_list<absl::string_view> values) {
    return WithLabels(absl::MakeConstSpan(values.begin(), values.size()));
  }
  Metric& WithLabels(absl::Span<const absl::string_view> values) {
    CORDON_CHECK(values.size() == label_names().size(),
                 "a metric was given the wrong number of label values");
    // A separator no label value in a scrape could be confused by.
    const std::string key = absl::StrJoin(values, absl::string_view("\0", 1));
    {
      std::shared_lock<std::shared_mutex> read(mu_);
      auto found = series_.find(key);
      if (found != series_.end()) return *found->second.metric;
    }
    std::unique_lock<std::shared_mutex> write(mu_);
    if (series_.size() >= kMaxSeriesPerFamily && !series_.contains(key)) {
      return Overflow();
    }
    Series& series = series_[key];
    if (series.metric == nullptr) {
      series.values.reserve(values.size());
      for (absl::string_view value : values) {
        series.values.emplace_back(value);
      }
      series.metric = make_();
    }
    return *series.metric;
  }

  void Write(std::string* out) const override {
    WriteHeader(out);
    std::shared_lock<std::shared_mutex> read(mu_);
    std::vector<const Series*> sorted;
    sorted.reserve(series_.size());
    for (const auto& [key, series] : series_) sorted.push_back(&series);
    std::sort(
        sorted.begin(), sorted.end(),
        [](const Series* a, const Series* b) { return a->values < b->values; });
    for (const Series* series : sorted) {
      WriteSeries(name(), label_names(), series->values, *series->metric, out);
    }
  }

 private:
  struct Series {
    std::vector<std::string> values;
    std::unique_ptr<Metric> metric;
  };

  // Called with mu_ held for writing.
  Metric& Overflow() {
    const std::vector<std::string> values(label_names().size(), "_overflow");
    Series& series = series_[absl::StrJoin(values, absl::string_view("\0", 1))];
    if (series.metric == nullptr) {
      series.values = values;
      series.metric = make_();
    }
    return *series.metric;
  }

  const Factory make_;
  mutable std::shared_mutex mu_;
  absl::flat_hash_map<std::string, Series> series_;
};

}  // namespace cordon::metrics

#endif  // CORDON_SERVER_METRICS_FAMILY_H_
