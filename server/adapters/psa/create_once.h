#ifndef CORDON_SERVER_ADAPTERS_PSA_CREATE_ONCE_H_
#define CORDON_SERVER_ADAPTERS_PSA_CREATE_ONCE_H_

#include <functional>
#include <string>

#include "absl/types/optional.h"
#include "server/ports/psa.h"

namespace cordon::adapters::psa {

// What a tag lookup found: the PSA's answer, and the ticket when one holds
// the tag.
struct TagLookup {
  ports::PsaCallOutcome outcome;
  absl::optional<std::string> ticket_id;
};

// Creates a ticket at most once per reference (ESC-2: a crash or an
// ambiguous timeout never opens a second ticket). None of the PSAs takes an
// idempotency key, so the lookup by the title's tag runs before EVERY
// create, not only after a timeout this process saw: the attempt that
// timed out may have been made by a process that was killed (kill -9
// between the PSA's answer and the outbox record), and nothing but the PSA
// remembers it. One extra GET per ticket is the price; re-notifications
// (notes) and tests of the connection do not pay it.
// A lookup that fails is answered as is and nothing is created: without
// knowing, creating could duplicate.
inline ports::PsaCallOutcome CreateOnce(
    const std::function<TagLookup()>& look_up,
    const std::function<ports::PsaCallOutcome()>& create) {
  TagLookup found = look_up();
  const bool ok = !found.outcome.timed_out &&
                  found.outcome.http_status >= 200 &&
                  found.outcome.http_status < 300;
  if (!ok) return found.outcome;
  if (!found.ticket_id.has_value()) return create();
  ports::PsaCallOutcome outcome;
  outcome.http_status = 200;
  outcome.ticket_id = *found.ticket_id;
  outcome.message = "the ticket already existed (found by its Cordon tag)";
  return outcome;
}

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_CREATE_ONCE_H_
