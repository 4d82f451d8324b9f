#include "server/engine/escalation/open_escalation_counts.h"

#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/core/log.h"
#include "server/engine/common/resource_time.h"
#include "server/store/indexes.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using cordon::v1::Escalation;

// The label value of an enum value, its number when this version does not
// name it.
std::string OpenCountLabel(const std::string& name, int value) {
  return name.empty() ? absl::StrCat(value) : name;
}

}  // namespace

OpenEscalationCounts::OpenEscalationCounts(const store::Database* db,
                                           const ports::Clock* clock,
                                           metrics::Registry* registry)
    : db_(db),
      clock_(clock),
      family_(registry->AddComputed(
          "cordon_escalations_open",
          "Escalations open now (not resolved), by type, severity and "
          "overdue: \"true\" when unanswered and at or past its due_time "
          "(ESC-1: 12 h CRITICAL, 48 h HIGH, 7 days LOW after it opened), "
          "the status OVERDUE that GetEscalation shows (ESC-9).",
          metrics::MetricType::kGauge, {"type", "severity", "overdue"},
          [this] { return Samples(); })) {}

void OpenEscalationCounts::Seed() {
  std::lock_guard<std::mutex> lock(mu_);
  CountFromScan();
}

void OpenEscalationCounts::OnChanged(const std::vector<std::string>& keys) {
  std::lock_guard<std::mutex> lock(mu_);
  if (keys.empty()) {
    open_.clear();
    unanswered_by_due_.clear();
    counts_.clear();
    counted_until_ = absl::InfinitePast();
    CountFromScan();
    return;
  }
  for (const std::string& key : keys) {
    // An escalation row's key is be64(account) be64(escalation); the
    // family's other rows (longer keys) are not counted.
    const absl::optional<uint64_t> account = store::ReadUint64(key, 0);
    const absl::optional<uint64_t> id = store::ReadUint64(key, 8);
    if (key.size() == 16 && account && id) Refresh({*account, *id});
  }
}

void OpenEscalationCounts::CountFromScan() {
  // kind byte, be64(account), be64(org), type byte, subject ->
  // be64(escalation): one row exactly while an escalation is unresolved.
  const std::string prefix =
      store::IndexKey(store::IndexKind::kOpenEscalationSubject, {});
  absl::Status scanned = db_->Scan(
      store::Family::kIndex, prefix, "", /*reverse=*/false,
      [this](absl::string_view key, absl::string_view value) {
        const absl::optional<uint64_t> account = store::ReadUint64(key, 1);
        const absl::optional<uint64_t> id = store::ReadUint64(value, 0);
        if (!account || !id) {
          StopVouching(absl::DataLossError(
              "an open escalation index row does not parse"));
          return false;
        }
        Refresh({*account, *id});
        return vouched_;
      });
  if (!scanned.ok()) StopVouching(scanned);
}

void OpenEscalationCounts::Track(store::Transaction& txn, uint64_t account,
                                 uint64_t id) {
  txn.AfterCommit([this, row = RowId{account, id}] {
    std::lock_guard<std::mutex> lock(mu_);
    Refresh(row);
  });
}

void OpenEscalationCounts::Refresh(const RowId& row) {
  if (!vouched_) return;
  absl::StatusOr<std::string> value = db_->Get(
      store::Family::kEscalations, store::KeyOf({row.first, row.second}));
  Forget(row);
  if (absl::IsNotFound(value.status())) return;
  if (!value.ok()) {
    StopVouching(value.status());
    return;
  }
  Escalation escalation;
  if (!escalation.ParseFromString(*value)) {
    StopVouching(absl::DataLossError(absl::StrCat(
        "escalation row ", row.first, "/", row.second, " does not parse")));
    return;
  }
  if (escalation.status() == Escalation::RESOLVED) return;
  Kept kept;
  kept.type = escalation.type();
  kept.severity = escalation.severity();
  // EscalationManager::DeriveStatus's condition, less the clock.
  kept.can_be_overdue = escalation.status() == Escalation::OPEN &&
                        !escalation.has_answer() && escalation.has_due_time();
  if (kept.can_be_overdue) kept.due = FromTimestamp(escalation.due_time());
  Keep(row, kept);
}

void OpenEscalationCounts::StopVouching(const absl::Status& error) {
  if (!vouched_) return;
  vouched_ = false;
  core::Log(core::LogEvent(core::LogLevel::kError, "escalation_count_failed")
                .Message("the open escalations could not be counted; "
                         "cordon_escalations_open has no samples until the "
                         "next start")
                .Str("error", error.ToString()));
}

void OpenEscalationCounts::Forget(const RowId& row) {
  auto found = open_.find(row);
  if (found == open_.end()) return;
  const Kept& kept = found->second;
  const Series series{kept.type, kept.severity};
  SeriesCounts& counts = counts_[series];
  --counts.open;
  if (kept.can_be_overdue) {
    unanswered_by_due_.erase(DueEntry{kept.due, row, series});
    if (kept.due <= counted_until_) --counts.overdue;
  }
  open_.erase(found);
}

void OpenEscalationCounts::Keep(const RowId& row, const Kept& kept) {
  const Series series{kept.type, kept.severity};
  SeriesCounts& counts = counts_[series];
  ++counts.open;
  if (kept.can_be_overdue) {
    unanswered_by_due_.insert(DueEntry{kept.due, row, series});
    if (kept.due <= counted_until_) ++counts.overdue;
  }
  open_[row] = kept;
}

void OpenEscalationCounts::CountOverdueBetween(absl::Time after,
                                               absl::Time until, int delta) {
  constexpr uint64_t kLast = std::numeric_limits<uint64_t>::max();
  for (auto it = unanswered_by_due_.upper_bound(
           DueEntry{after, RowId{kLast, kLast}, Series{}});
       it != unanswered_by_due_.end() && it->due <= until; ++it) {
    counts_[it->series].overdue += delta;
  }
}

std::vector<metrics::Sample> OpenEscalationCounts::Samples() {
  const absl::Time now = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
  if (!vouched_) return {};
  if (now > counted_until_) CountOverdueBetween(counted_until_, now, +1);
  if (now < counted_until_) CountOverdueBetween(now, counted_until_, -1);
  counted_until_ = now;
  // Every type and severity, so a dashboard shows 0 rather than no series.
  for (int type = cordon::v1::EscalationType_MIN + 1;
       type <= cordon::v1::EscalationType_MAX; ++type) {
    if (!cordon::v1::EscalationType_IsValid(type)) continue;
    for (int severity = cordon::v1::Severity_MIN + 1;
         severity <= cordon::v1::Severity_MAX; ++severity) {
      if (cordon::v1::Severity_IsValid(severity)) counts_[{type, severity}];
    }
  }
  std::vector<metrics::Sample> samples;
  samples.reserve(2 * counts_.size());
  for (const auto& [series, counts] : counts_) {
    const std::string type = OpenCountLabel(
        cordon::v1::EscalationType_Name(series.first), series.first);
    const std::string severity =
        OpenCountLabel(cordon::v1::Severity_Name(series.second), series.second);
    samples.push_back({{type, severity, "false"},
                       static_cast<double>(counts.open - counts.overdue)});
    samples.push_back(
        {{type, severity, "true"}, static_cast<double>(counts.overdue)});
  }
  return samples;
}

}  // namespace cordon::engine
