#ifndef CORDON_SIMULATOR_SWARM_HISTORY_H_
#define CORDON_SIMULATOR_SWARM_HISTORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "cordon/sim/v1/scenario.pb.h"
#include "simulator/random.h"

namespace cordon::sim::swarm {

// One organization the generated world has, as later steps pick from it.
struct GeneratedOrganization {
  std::string alias;  // also its tenant's alias
  std::vector<std::string> identities;
  bool has_agent = false;  // the tenant runs an on-prem agent (ISO-15)
};

// A scenario being generated: the seeded generator every choice draws from
// (and nothing else, so a swarm seed always gives the same text), the
// scenario written so far, and what the steps generators need to pick
// valid arguments (organizations, identities, reports still open).
class History {
 public:
  explicit History(uint64_t seed) : random_(seed) {}

  cordon::sim::v1::Scenario& scenario() { return scenario_; }

  // Uniform in [0, n); n > 0.
  int Pick(int n) { return static_cast<int>(random_.UniformInt(0, n - 1)); }
  bool Chance(double p) { return random_.Bernoulli(p); }
  int Between(int lo, int hi) {
    return static_cast<int>(random_.UniformInt(lo, hi));
  }
  template <typename T>
  const T& PickOf(const std::vector<T>& items) {
    return items[Pick(static_cast<int>(items.size()))];
  }
  size_t Weighted(const std::vector<double>& weights) {
    return random_.WeightedIndex(weights);
  }

  cordon::sim::v1::ScenarioStep* AddStep() { return scenario_.add_steps(); }

  // A new report alias: r1, r2, ...
  std::string NewReportAlias() { return "r" + std::to_string(++reports_); }

  std::vector<GeneratedOrganization> organizations;
  std::vector<std::string> identities;    // every identity alias
  std::vector<std::string> open_reports;  // sent, not yet resolved
  std::vector<std::string> rule_ids;      // inbox rule ids in the world

 private:
  Random random_;
  cordon::sim::v1::Scenario scenario_;
  int reports_ = 0;
};

}  // namespace cordon::sim::swarm

#endif  // CORDON_SIMULATOR_SWARM_HISTORY_H_
