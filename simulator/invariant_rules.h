#ifndef CORDON_SIMULATOR_INVARIANT_RULES_H_
#define CORDON_SIMULATOR_INVARIANT_RULES_H_

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cordon/store/records.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/identity.pb.h"
#include "server/store/database.h"
#include "simulator/simulation.h"

namespace cordon::sim {

// The rules InvariantChecker (invariants.h) applies, one identity or one
// escalation at a time; which ones it applies when is its business.

// One violation. A transient one is about a change (an automated hold that
// appeared while the identity was excluded) and is reported by the check
// that saw the change only; the others describe a state and are reported
// for as long as it lasts.
struct Finding {
  std::string text;
  bool transient = false;
};

// What checking one identity found, and what its check read.
struct IdentityVerdict {
  std::vector<Finding> findings;
  // The lower-cased M365 tenant of its organization, and its UPN: the world
  // user its checks read.
  std::string tenant;
  std::string upn;
  // ISO-14: it awaits a confirmation, so its check also read the account's
  // guard and the confirmation escalation.
  bool awaits_confirmation = false;
};

// The invariants of one identity (ISO-1, 4, 5, 6, 7, 9, 14). `automated`
// holds the sources of its automated holds at its previous check and gets
// those of now.
absl::StatusOr<IdentityVerdict> CheckIdentity(
    Simulation& sim, const cordon::v1::Identity& identity,
    std::set<std::string>* automated);

// How violations name an escalation.
std::string EscalationWho(const cordon::v1::Escalation& escalation);
// ESC-3: one channel per escalation, never both.
void CheckOneChannel(const cordon::v1::Escalation& escalation,
                     const std::string& who,
                     std::vector<std::string>* violations);
// Neither resolved nor answered: ESC-1 wants it notified every round.
bool AwaitsAnswer(const cordon::v1::Escalation& escalation);
// ESC-1: an escalation nobody has answered has a notification for the round
// that began last (the one before, while that round's timer is due now and
// the worker has not run).
void CheckNotifiedEveryRound(const cordon::v1::Escalation& escalation,
                             const std::string& who, absl::Time now,
                             const std::set<std::string>& timer_pending,
                             std::vector<std::string>* violations);
// The escalations whose notice timer is due now but not yet performed.
absl::StatusOr<std::set<std::string>> NoticeTimersDue(Simulation& sim,
                                                      absl::Time now);
// A scheduled (not one-off) notice timer: ESC-1 allows one per escalation.
bool IsNoticeSchedule(const cordon::store::OutboxAction& action);
// ESC-1: at most one notice schedule queued per escalation; `schedules`
// counts them by escalation name.
void CheckOneNoticeSchedule(const std::map<std::string, int>& schedules,
                            std::vector<std::string>* violations);

// Issue 14: cordon_escalations_open as the engine exports it now, against a
// count of every escalation row (status derived at the clock's now, as
// GetEscalation shows it): one violation per series that differs. A full
// scan, for CheckAll only.
absl::StatusOr<std::vector<std::string>> OpenEscalationGaugeMismatches(
    Simulation& sim);

// Hands every row of `family` (key and parsed value) to `visit` in key order
// until it returns false; DATA_LOSS ("<what> does not parse") at a row that
// does not parse.
template <typename Message, typename Visit>
absl::Status ForEachRow(const store::Database& db, store::Family family,
                        absl::string_view what, Visit visit) {
  absl::Status parse_status;
  absl::Status scan = db.Scan(
      family, "", "", /*reverse=*/false,
      [&](absl::string_view key, absl::string_view value) {
        Message message;
        if (!message.ParseFromArray(value.data(),
                                    static_cast<int>(value.size()))) {
          parse_status =
              absl::DataLossError(absl::StrCat(what, " does not parse"));
          return false;
        }
        return visit(std::string(key), std::move(message));
      });
  if (!scan.ok()) return scan;
  return parse_status;
}

// The row at `key`, parsed; NOT_FOUND when absent, DATA_LOSS ("<what> does
// not parse") when it does not parse.
template <typename Message>
absl::StatusOr<Message> ReadRow(const store::Database& db, store::Family family,
                                const std::string& key,
                                absl::string_view what) {
  absl::StatusOr<std::string> value = db.Get(family, key);
  if (!value.ok()) return value.status();
  Message message;
  if (!message.ParseFromString(*value)) {
    return absl::DataLossError(absl::StrCat(what, " does not parse"));
  }
  return message;
}

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_INVARIANT_RULES_H_
