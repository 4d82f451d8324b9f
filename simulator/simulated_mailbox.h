#ifndef CORDON_SIMULATOR_SIMULATED_MAILBOX_H_
#define CORDON_SIMULATOR_SIMULATED_MAILBOX_H_

#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/ports/clock.h"
#include "server/ports/mailer.h"
#include "simulator/event_log.h"

namespace cordon::sim {

// How the simulated mail server answers every send while a failure is set.
enum class MailFailure {
  kNone,
  kRetryable,  // "451 try later"
  kPermanent,  // "550 mailbox unavailable"
};

// snake_case for the log: "none", "retryable", "permanent".
absl::string_view MailFailureName(MailFailure failure);
// snake_case for the log: "delivered", "spooled", "retryable",
// "permanent".
absl::string_view MailOutcomeKindName(ports::MailOutcome::Kind kind);

// A message the mailbox accepted.
struct SimulatedEmail {
  std::string message_id;
  std::string to;
  std::string subject;
  std::string body;
  absl::Time time;
};

// The e-mail sink of DOMAIN "The outside world": records what was sent to
// whom. Each Send:
//   1. while a failure is set (SetFailure, or the FailNext count), fails
//      with it; an address told to Bounce fails "550 mailbox unavailable";
//      nothing is recorded;
//   2. a message_id already delivered is dropped, counted as a duplicate
//      and answered kDelivered (a send repeated after a crash);
//   3. otherwise the message is recorded and answered kDelivered
//      (kSpooled in both cases while SetSpooling(true)).
// Addresses compare case-insensitively. Every send and its answer is one
// "mail" line in the EventLog:
//   t=... mail send message_id=... to=ada@contoso.com outcome=delivered
// Thread-safe, never retries (ports::Mailer).
class SimulatedMailbox final : public ports::Mailer {
 public:
  // `clock` stamps messages; both pointers must outlive the mailbox.
  SimulatedMailbox(const ports::Clock* clock, EventLog* log);

  ports::MailOutcome Send(const ports::EmailMessage& message) override;

  // Knobs; each change is a "mail" line in the EventLog.
  // Every send fails with `failure` until Fix() (kNone fixes it too).
  void SetFailure(MailFailure failure);
  // The next `n` sends fail with `failure`, whatever else is set.
  void FailNext(int n, MailFailure failure);
  // Sends to `address` fail for good ("550 mailbox unavailable") until
  // StopBouncing(address) or Fix().
  void Bounce(const std::string& address);
  void StopBouncing(const std::string& address);
  // Clears every failure and bounce.
  void Fix();
  // While on, the mailbox is cordon-server's development spool
  // (--mail_spool_dir): accepted messages are recorded as before but
  // answered kSpooled, which the engine must never show as DELIVERED.
  void SetSpooling(bool spooling);

  // Delivered messages, oldest first (duplicates not repeated).
  std::vector<SimulatedEmail> messages() const;
  std::vector<SimulatedEmail> MessagesTo(absl::string_view address) const;
  // Every Send, whatever its answer.
  size_t send_count() const;
  // Sends dropped because their message_id was already delivered.
  size_t duplicate_count() const;
  // Sends that were answered neither kDelivered nor kSpooled.
  size_t failed_count() const;

 private:
  ports::MailOutcome Accepted() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const ports::Clock* const clock_;
  EventLog* const log_;
  mutable std::mutex mu_;
  MailFailure failure_ ABSL_GUARDED_BY(mu_) = MailFailure::kNone;
  bool spooling_ ABSL_GUARDED_BY(mu_) = false;
  int fail_next_ ABSL_GUARDED_BY(mu_) = 0;
  MailFailure fail_next_failure_ ABSL_GUARDED_BY(mu_) = MailFailure::kNone;
  // Lower-cased.
  std::set<std::string> bouncing_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> delivered_ids_ ABSL_GUARDED_BY(mu_);
  std::vector<SimulatedEmail> messages_ ABSL_GUARDED_BY(mu_);
  size_t sends_ ABSL_GUARDED_BY(mu_) = 0;
  size_t duplicates_ ABSL_GUARDED_BY(mu_) = 0;
  size_t failed_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SIMULATED_MAILBOX_H_
