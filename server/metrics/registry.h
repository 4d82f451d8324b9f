#ifndef CORDON_SERVER_METRICS_REGISTRY_H_
#define CORDON_SERVER_METRICS_REGISTRY_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/metrics/family.h"

namespace cordon::metrics {

// One value of a family computed at scrape time.
struct Sample {
  std::vector<std::string> label_values;
  double value = 0;
};

// Every metric of the server, and the Prometheus text a scrape of
// GET /metrics answers with. One per process (main.cc makes it and hands it
// to the engine like the clock); tests make their own. Safe from any
// thread.
//
// Two kinds of families:
// - recorded: counters, gauges and histograms the code updates as things
//   happen (an RPC answered, an action performed): atomic adds;
// - computed: values read when a scrape asks (process RSS, RocksDB sizes,
//   gauges derived from counters the engine keeps), so nothing is kept up
//   to date for a scrape that may never come.
class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Each returns the family named `name`, made on the first call; a later
  // call with the same name, type and labels returns the same family (two
  // engines over one registry share their series). A name reused with
  // another type or labels is a programming error and stops the process.
  Family<Counter>& AddCounter(const std::string& name, const std::string& help,
                              const std::vector<std::string>& labels = {});
  Family<Gauge>& AddGauge(const std::string& name, const std::string& help,
                          const std::vector<std::string>& labels = {});
  Family<Histogram>& AddHistogram(const std::string& name,
                                  const std::string& help,
                                  const std::vector<std::string>& labels,
                                  std::vector<double> bounds);

  // Keeps a computed family in the registry while it lives: `compute` may
  // use objects that die before the registry (the database, the engine).
  class Registration {
   public:
    Registration() = default;
    Registration(Registry* registry, const FamilyBase* family)
        : registry_(registry), family_(family) {}
    Registration(Registration&& other) noexcept { *this = std::move(other); }
    Registration& operator=(Registration&& other) noexcept;
    ~Registration() { Reset(); }
    void Reset();

   private:
    Registry* registry_ = nullptr;
    const FamilyBase* family_ = nullptr;
  };

  // A counter or gauge family whose samples `compute` returns at each
  // scrape. `compute` runs on the scraping thread with the registry locked:
  // it must be quick (no store scan that grows with the data) and must not
  // call the registry. Unlike the recorded kinds, a computed name is added
  // once: a second one would read other objects (another engine's), so it
  // stops the process; two engines need two registries.
  [[nodiscard]] Registration AddComputed(
      const std::string& name, const std::string& help, MetricType type,
      const std::vector<std::string>& labels,
      std::function<std::vector<Sample>()> compute);

  // The exposition of every family, in the order they were added.
  std::string Scrape() const;

 private:
  template <typename Metric>
  Family<Metric>& Add(const std::string& name, const std::string& help,
                      MetricType type, const std::vector<std::string>& labels,
                      typename Family<Metric>::Factory make);
  void Remove(const FamilyBase* family);
  // Stops the process unless the names are valid and `name` is not taken.
  void CheckNew(const std::string& name,
                const std::vector<std::string>& labels) const;

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<FamilyBase>> families_;
};

}  // namespace cordon::metrics

#endif  // CORDON_SERVER_METRICS_REGISTRY_H_
