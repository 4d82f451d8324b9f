#ifndef CORDON_SIMULATOR_SIMULATED_PSA_H_
#define CORDON_SIMULATOR_SIMULATED_PSA_H_

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/ports/clock.h"
#include "server/ports/psa.h"
#include "simulator/event_log.h"

namespace cordon::sim {

// How the simulated PSA answers while a failure is set (DOMAIN "The outside
// world": ticket creation can fail, and can be fixed later).
enum class PsaFailure {
  kNone,
  kExpiredCredentials,  // 401 "token expired"
  kBadBoard,            // 400 "invalid board"
  kThrottled,           // 429 with Retry-After
  kTimeout,             // no answer; nothing happened
  // No answer, but the PSA did the work (the ticket exists, the note is
  // added): what makes a repeated create have to be deduplicated.
  kTimeoutAfterEffect,
  kServerError,  // 500
};

// snake_case for the log: "none", "expired_credentials", ...
absl::string_view PsaFailureName(PsaFailure failure);

struct SimulatedTicketNote {
  std::string text;
  absl::Time time;
};

// A ticket as the PSA holds it.
struct SimulatedTicket {
  std::string id;  // "T-1", "T-2", ... in creation order
  std::string account;
  std::string kind;
  std::string board;
  std::string reference;
  std::string title;
  std::string body;
  std::string priority;
  absl::Time created;
  std::vector<SimulatedTicketNote> notes;
};

// One call as the PSA saw it, with its answer.
struct SimulatedPsaCall {
  enum class Operation { kCreateTicket, kAddTicketNote, kTestConnection };
  Operation operation = Operation::kCreateTicket;
  std::string account;
  // CreateTicket: the ticket's reference; AddTicketNote: the ticket id;
  // TestConnection: the board.
  std::string target;
  absl::Time time;
  PsaFailure failure = PsaFailure::kNone;  // the failure that fired, if any
  ports::PsaCallOutcome outcome;
};

// An account's ticketing system (ConnectWise, Autotask, HaloPSA: they behave
// alike here). Each call:
//   1. a failure fires if one is set: the FailNext() count first, then the
//      account's own failure, then the failure set for every account. While
//      a failure is set it fires on every call (deterministic; no
//      randomness), until Fix();
//   2. CreateTicket returns the ticket already holding the same `reference`
//      (200, like a PSA searched by external reference) or opens a new one
//      (201, ids "T-1", "T-2", ...); AddTicketNote adds the note (201) or
//      answers 404 for an unknown ticket.
// Every call and its answer is one "psa" line in the EventLog:
//   t=... psa create_ticket account=accounts/3 reference=... ticket=T-1
//         http=201
// Thread-safe, never retries (ports::Psa).
class SimulatedPsa final : public ports::Psa {
 public:
  static constexpr absl::Duration kDefaultRetryAfter = absl::Seconds(30);

  // `clock` stamps tickets and notes; both pointers must outlive the PSA.
  SimulatedPsa(const ports::Clock* clock, EventLog* log);

  ports::PsaCallOutcome CreateTicket(const ports::PsaConnection& connection,
                                     const ports::PsaTicket& ticket) override;
  ports::PsaCallOutcome AddTicketNote(const ports::PsaConnection& connection,
                                      const std::string& ticket_id,
                                      const std::string& note) override;
  // Fails like any call while a failure is set; otherwise 200. Opens no
  // ticket.
  ports::PsaCallOutcome TestConnection(
      const ports::PsaConnection& connection) override;

  // Knobs; each change is a "psa" line in the EventLog.
  // Every call fails with `failure` until Fix() (kNone fixes it too).
  void SetFailure(PsaFailure failure);
  // Calls for `account` (PsaConnection::account, "accounts/{a}") fail with
  // `failure`; kNone clears it.
  void SetAccountFailure(const std::string& account, PsaFailure failure);
  // The next `n` calls fail with `failure`, whatever else is set.
  void FailNext(int n, PsaFailure failure);
  // The Retry-After of kThrottled answers.
  void SetRetryAfter(absl::Duration retry_after);
  // Clears every failure: the integration works again.
  void Fix();

  // What the PSA holds and saw.
  std::vector<SimulatedTicket> tickets() const;
  absl::optional<SimulatedTicket> Ticket(const std::string& id) const;
  absl::optional<SimulatedTicket> TicketByReference(
      const std::string& reference) const;
  std::vector<SimulatedPsaCall> calls() const;
  size_t call_count() const;
  // Calls that did not answer 2xx.
  size_t failed_call_count() const;
  // CreateTicket calls answered with an existing ticket.
  size_t deduplicated_count() const;

 private:
  // The failure the next call meets (consumes one FailNext), or kNone.
  PsaFailure NextFailure(const std::string& account)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  ports::PsaCallOutcome FailureOutcome(PsaFailure failure) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Creates the ticket or finds it by reference; returns its index.
  size_t CreateOrFind(const ports::PsaConnection& connection,
                      const ports::PsaTicket& ticket, bool* existed)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Record(SimulatedPsaCall call, EventFields fields)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const ports::Clock* const clock_;
  EventLog* const log_;
  mutable std::mutex mu_;
  PsaFailure failure_ ABSL_GUARDED_BY(mu_) = PsaFailure::kNone;
  std::map<std::string, PsaFailure> account_failures_ ABSL_GUARDED_BY(mu_);
  int fail_next_ ABSL_GUARDED_BY(mu_) = 0;
  PsaFailure fail_next_failure_ ABSL_GUARDED_BY(mu_) = PsaFailure::kNone;
  absl::Duration retry_after_ ABSL_GUARDED_BY(mu_) = kDefaultRetryAfter;
  std::vector<SimulatedTicket> tickets_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, size_t> by_reference_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, size_t> by_id_ ABSL_GUARDED_BY(mu_);
  std::vector<SimulatedPsaCall> calls_ ABSL_GUARDED_BY(mu_);
  size_t failed_calls_ ABSL_GUARDED_BY(mu_) = 0;
  size_t deduplicated_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_SIMULATED_PSA_H_
