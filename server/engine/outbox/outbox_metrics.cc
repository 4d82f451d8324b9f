#include "server/engine/outbox/outbox_metrics.h"

#include <algorithm>
#include <map>
#include <string>

namespace cordon::engine {
namespace {

using cordon::store::OutboxAction;

}  // namespace

absl::string_view DependencyOf(OutboxAction::Kind kind) {
  switch (kind) {
    case OutboxAction::REVOKE_SESSIONS:
    case OutboxAction::DISABLE_ACCOUNT:
    case OutboxAction::ENABLE_ACCOUNT:
    case OutboxAction::DISABLE_SUSPICIOUS_RULES:
    case OutboxAction::ENABLE_INBOX_RULE:
    case OutboxAction::CHECK_TENANT_ACCESS:
    case OutboxAction::INVENTORY_SYNC:
      return "graph";
    case OutboxAction::AGENT_DISABLE_ACCOUNT:
    case OutboxAction::AGENT_ENABLE_ACCOUNT:
      return "agent";
    case OutboxAction::NOTIFY_PSA:
    case OutboxAction::DELIVER_REPORT_TO_PSA:
      return "psa";
    case OutboxAction::NOTIFY_BY_EMAIL:
    case OutboxAction::DELIVER_REPORT_BY_EMAIL:
      return "email";
    default:
      return "none";
  }
}

OutboxMetrics::OutboxMetrics(metrics::Registry* registry,
                             const ports::Clock* clock, const Outbox* outbox)
    : clock_(clock),
      outbox_(outbox),
      actions_(registry->AddCounter(
          "cordon_outbox_actions_total",
          "Outbox actions the worker finished a pass with, by kind, the "
          "dependency it calls, how it ended and the error class of its "
          "call.",
          {"kind", "dependency", "end", "error_class"})),
      perform_(registry->AddHistogram(
          "cordon_outbox_perform_seconds",
          "How long one outbox action's call to the outside world took "
          "(Graph, the PSA, SMTP, handing a command to the on-prem agent), by "
          "kind and dependency.",
          {"kind", "dependency"}, metrics::LatencyBuckets())),
      due_(registry->AddComputed(
          "cordon_outbox_due_actions",
          "Outbox actions due now and not yet performed, by kind (read up "
          "to 1000 at each scrape).",
          metrics::MetricType::kGauge, {"kind"},
          [this] { return DueSamples(/*oldest_age=*/false); })),
      oldest_due_(registry->AddComputed(
          "cordon_outbox_oldest_due_age_seconds",
          "How long the oldest action due now has been due, by kind; 0 "
          "when none is due.",
          metrics::MetricType::kGauge, {"kind"},
          [this] { return DueSamples(/*oldest_age=*/true); })) {}

void OutboxMetrics::RecordPerform(OutboxAction::Kind kind,
                                  absl::Duration took) {
  perform_.WithLabels({OutboxAction::Kind_Name(kind), DependencyOf(kind)})
      .Observe(std::max(0.0, absl::ToDoubleSeconds(took)));
}

void OutboxMetrics::RecordEnd(OutboxAction::Kind kind, ActionOutcomeClass end,
                              core::ErrorClass error_class) {
  actions_
      .WithLabels({OutboxAction::Kind_Name(kind), DependencyOf(kind),
                   ActionOutcomeName(end), core::ErrorClassName(error_class)})
      .Increment();
}

std::vector<metrics::Sample> OutboxMetrics::DueSamples(bool oldest_age) const {
  const absl::Time now = clock_->Now();
  absl::StatusOr<std::vector<QueuedAction>> due =
      outbox_->Due(now, kMaxDueRead);
  if (!due.ok()) return {};
  struct DueOfKind {
    double count = 0;
    absl::optional<absl::Time> oldest;
  };
  // Every kind, so a dashboard shows 0 rather than no series.
  std::map<std::string, DueOfKind> by_kind;
  for (int kind = OutboxAction::Kind_MIN + 1; kind <= OutboxAction::Kind_MAX;
       ++kind) {
    if (!OutboxAction::Kind_IsValid(kind)) continue;
    by_kind[OutboxAction::Kind_Name(static_cast<OutboxAction::Kind>(kind))];
  }
  for (const QueuedAction& queued : *due) {
    DueOfKind& of_kind = by_kind[OutboxAction::Kind_Name(queued.action.kind())];
    of_kind.count += 1;
    // Earliest first: the first of a kind is its oldest.
    if (!of_kind.oldest.has_value()) {
      of_kind.oldest = Outbox::DueTimeOf(queued.key);
    }
  }
  std::vector<metrics::Sample> samples;
  for (const auto& [kind, of_kind] : by_kind) {
    double value = of_kind.count;
    if (oldest_age) {
      value = of_kind.oldest.has_value()
                  ? std::max(0.0, absl::ToDoubleSeconds(now - *of_kind.oldest))
                  : 0;
    }
    samples.push_back({{kind}, value});
  }
  return samples;
}

}  // namespace cordon::engine
