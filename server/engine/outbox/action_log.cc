#include "server/engine/outbox/action_log.h"

#include "absl/strings/str_cat.h"
#include "server/core/log.h"

namespace cordon::engine {
namespace {

// A Graph or PSA answer can be long; the record keeps it whole.
constexpr size_t kMaxLoggedDetail = 300;

core::LogLevel ActionLogLevel(ActionOutcomeClass outcome) {
  switch (outcome) {
    case ActionOutcomeClass::kRetry:
    case ActionOutcomeClass::kFailed:
      // The outside world refused: worth a look, not a server fault.
      return core::LogLevel::kWarning;
    case ActionOutcomeClass::kDropped:
      return core::LogLevel::kError;
    default:
      return core::LogLevel::kInfo;
  }
}

void AddIfSet(core::LogEvent& line, absl::string_view key,
              const std::string& value) {
  if (!value.empty()) line.Str(key, value);
}

}  // namespace

const char* ActionOutcomeName(ActionOutcomeClass outcome) {
  switch (outcome) {
    case ActionOutcomeClass::kNone:
      return "none";
    case ActionOutcomeClass::kSucceeded:
      return "succeeded";
    case ActionOutcomeClass::kSpooled:
      return "spooled";
    case ActionOutcomeClass::kHandedOver:
      return "handed_over";
    case ActionOutcomeClass::kRetry:
      return "retry";
    case ActionOutcomeClass::kFailed:
      return "failed";
    case ActionOutcomeClass::kSuperseded:
      return "superseded";
    case ActionOutcomeClass::kDeferred:
      return "deferred";
    case ActionOutcomeClass::kDropped:
      return "dropped";
  }
  return "none";
}

ActionOutcomeClass SuccessClassOf(const ActionResult& result) {
  if (result.spooled) return ActionOutcomeClass::kSpooled;
  if (result.handed_over) return ActionOutcomeClass::kHandedOver;
  return ActionOutcomeClass::kSucceeded;
}

void LogActionOutcome(const store::OutboxAction& action,
                      const ActionOutcome& outcome) {
  // A deferral is no outcome: the action waits, untried (the metrics
  // count it).
  if (outcome.outcome == ActionOutcomeClass::kNone ||
      outcome.outcome == ActionOutcomeClass::kDeferred) {
    return;
  }
  const std::string kind =
      store::OutboxAction::Kind_IsValid(action.kind())
          ? store::OutboxAction::Kind_Name(action.kind())
          : absl::StrCat("kind ", static_cast<int>(action.kind()));
  const char* name = ActionOutcomeName(outcome.outcome);
  core::LogEvent line(ActionLogLevel(outcome.outcome), "action");
  line.Message(absl::StrCat(kind, " ", name))
      .Int("action_id", static_cast<int64_t>(action.id()))
      .Str("kind", kind)
      .Str("outcome", name);
  AddIfSet(line, "identity", action.identity());
  AddIfSet(line, "report", action.report());
  AddIfSet(line, "escalation", action.escalation());
  AddIfSet(line, "organization", action.organization());
  AddIfSet(line, "tenant_id", action.tenant_id());
  if (outcome.attempt > 0) line.Int("attempt", outcome.attempt);
  if (outcome.outcome == ActionOutcomeClass::kRetry ||
      outcome.outcome == ActionOutcomeClass::kFailed) {
    line.Str("error_class", core::ErrorClassName(outcome.error_class));
  }
  if (outcome.outcome == ActionOutcomeClass::kRetry) {
    line.Num("retry_in_ms", absl::ToDoubleMilliseconds(outcome.retry_in));
  }
  AddIfSet(line, "detail", outcome.detail.substr(0, kMaxLoggedDetail));
  core::Log(line);
}

}  // namespace cordon::engine
