#include "server/metrics/registry.h"

#include <algorithm>

#include "server/metrics/exposition.h"

namespace cordon::metrics {
namespace {

// A family whose samples are read at scrape time.
class ComputedFamily final : public FamilyBase {
 public:
  ComputedFamily(std::string name, std::string help, MetricType type,
                 std::vector<std::string> labels,
                 std::function<std::vector<Sample>()> compute)
      : FamilyBase(std::move(name), std::move(help), type, std::move(labels)),
        compute_(std::move(compute)) {}

  void Write(std::string* out) const override {
    WriteHeader(out);
    std::vector<Sample> samples = compute_();
    std::sort(samples.begin(), samples.end(),
              [](const Sample& a, const Sample& b) {
                return a.label_values < b.label_values;
              });
    for (const Sample& sample : samples) {
      // A sample with the wrong number of label values would make the
      // whole scrape unreadable: it is left out.
      if (sample.label_values.size() != label_names().size()) continue;
      AppendSample(name(), FormatLabels(label_names(), sample.label_values),
                   sample.value, out);
    }
  }

 private:
  const std::function<std::vector<Sample>()> compute_;
};

}  // namespace

Registry::Registration& Registry::Registration::operator=(
    Registration&& other) noexcept {
  if (this != &other) {
    Reset();
    registry_ = other.registry_;
    family_ = other.family_;
    other.registry_ = nullptr;
    other.family_ = nullptr;
  }
  return *this;
}

void Registry::Registration::Reset() {
  if (registry_ != nullptr) registry_->Remove(family_);
  registry_ = nullptr;
  family_ = nullptr;
}

void Registry::CheckNew(const std::string& name,
                        const std::vector<std::string>& labels) const {
  CORDON_CHECK(IsValidMetricName(name), "a metric name is not valid");
  for (const std::string& label : labels) {
    CORDON_CHECK(IsValidLabelName(label) && label != "le",
                 "a metric label name is not valid");
  }
  for (const auto& family : families_) {
    CORDON_CHECK(family->name() != name,
                 "a metric name is registered twice with different types "
                 "or labels");
  }
}

template <typename Metric>
Family<Metric>& Registry::Add(const std::string& name, const std::string& help,
                              MetricType type,
                              const std::vector<std::string>& labels,
                              typename Family<Metric>::Factory make) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& family : families_) {
    auto* same = dynamic_cast<Family<Metric>*>(family.get());
    if (same != nullptr && same->name() == name && same->type() == type &&
        same->label_names() == labels) {
      return *same;
    }
  }
  CheckNew(name, labels);
  auto family = std::make_unique<Family<Metric>>(name, help, type, labels,
                                                 std::move(make));
  Family<Metric>& added = *family;
  families_.push_back(std::move(family));
  return added;
}

Family<Counter>& Registry::AddCounter(const std::string& name,
                                      const std::string& help,
                                      const std::vector<std::string>& labels) {
  return Add<Counter>(name, help, MetricType::kCounter, labels,
                      [] { return std::make_unique<Counter>(); });
}

Family<Gauge>& Registry::AddGauge(const std::string& name,
                                  const std::string& help,
                                  const std::vector<std::string>& labels) {
  return Add<Gauge>(name, help, MetricType::kGauge, labels,
                    [] { return std::make_unique<Gauge>(); });
}

Family<Histogram>& Registry::AddHistogram(
    const std::string& name, const std::string& help,
    const std::vector<std::string>& labels, std::vector<double> bounds) {
  CORDON_CHECK(std::is_sorted(bounds.begin(), bounds.end()),
               "histogram bounds must ascend");
  return Add<Histogram>(name, help, MetricType::kHistogram, labels, [bounds] {
    return std::make_unique<Histogram>(bounds);
  });
}

Registry::Registration Registry::AddComputed(
    const std::string& name, const std::string& help, MetricType type,
    const std::vector<std::string>& labels,
    std::function<std::vector<Sample>()> compute) {
  CORDON_CHECK(type != MetricType::kHistogram,
               "a computed family is a counter or a gauge");
  std::lock_guard<std::mutex> lock(mu_);
  CheckNew(name, labels);
  families_.push_back(std::make_unique<ComputedFamily>(name, help, type, labels,
                                                       std::move(compute)));
  return Registration(this, families_.back().get());
}

void Registry::Remove(const FamilyBase* family) {
  std::lock_guard<std::mutex> lock(mu_);
  std::erase_if(families_, [family](const std::unique_ptr<FamilyBase>& held) {
    return held.get() == family;
  });
}

std::string Registry::Scrape() const {
  std::string out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& family : families_) family->Write(&out);
  return out;
}

}  // namespace cordon::metrics
