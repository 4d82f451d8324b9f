#ifndef CORDON_TOOLS_BENCH_OBSERVED_PSA_H_
#define CORDON_TOOLS_BENCH_OBSERVED_PSA_H_

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/ports/psa.h"

namespace cordon::bench {

// A Psa port that forwards to another and records when each ticket was
// created (the PSA's 2xx answer to CreateTicket, by the ticket's
// reference), so that a benchmark can wait for it without sleeping: a
// thread blocked in AwaitCreated wakes when the creating call notifies.
// std::mutex rather than absl::Mutex, so ThreadSanitizer sees the hand-off.
class ObservedPsa final : public ports::Psa {
 public:
  explicit ObservedPsa(ports::Psa* inner) : inner_(inner) {}

  // When the ticket for `reference` was created, or nullopt at `deadline`.
  absl::optional<absl::Time> AwaitCreated(const std::string& reference,
                                          absl::Time deadline) {
    auto created = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return created_.count(reference) > 0;
    };
    std::unique_lock<std::mutex> lock(mu_);
    if (!created_changed_.wait_until(lock, absl::ToChronoTime(deadline),
                                     created)) {
      return absl::nullopt;
    }
    return created_[reference];
  }

  ports::PsaCallOutcome CreateTicket(const ports::PsaConnection& connection,
                                     const ports::PsaTicket& ticket) override {
    ports::PsaCallOutcome outcome = inner_->CreateTicket(connection, ticket);
    const absl::Time now = absl::Now();
    if (outcome.http_status / 100 == 2 && !outcome.ticket_id.empty()) {
      std::lock_guard<std::mutex> lock(mu_);
      created_.emplace(ticket.reference, now);
      created_changed_.notify_all();
    }
    return outcome;
  }
  ports::PsaCallOutcome AddTicketNote(const ports::PsaConnection& connection,
                                      const std::string& ticket_id,
                                      const std::string& note) override {
    return inner_->AddTicketNote(connection, ticket_id, note);
  }
  ports::PsaCallOutcome TestConnection(
      const ports::PsaConnection& connection) override {
    return inner_->TestConnection(connection);
  }

 private:
  ports::Psa* const inner_;
  std::mutex mu_;
  std::condition_variable created_changed_;
  std::map<std::string, absl::Time> created_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cordon::bench

#endif  // CORDON_TOOLS_BENCH_OBSERVED_PSA_H_
