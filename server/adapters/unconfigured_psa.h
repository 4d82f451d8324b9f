#ifndef CORDON_SERVER_ADAPTERS_UNCONFIGURED_PSA_H_
#define CORDON_SERVER_ADAPTERS_UNCONFIGURED_PSA_H_

#include <string>

#include "server/ports/psa.h"

namespace cordon::adapters {

// What cordon-server uses until the PSA REST adapter exists: every call
// fails for good, without sending anything, with a message saying so. A
// delivery through it then ends visibly (ESC-2 INTEGRATION_PSA_DELIVERY_-
// FAILED) instead of pretending a ticket was opened.
class UnconfiguredPsa final : public ports::Psa {
 public:
  static constexpr char kMessage[] =
      "CordonPsaAdapterNotConfigured: this cordon-server has no PSA REST "
      "adapter built yet; nothing was sent to the PSA";

  ports::PsaCallOutcome CreateTicket(const ports::PsaConnection&,
                                     const ports::PsaTicket&) override {
    return Refusal();
  }
  ports::PsaCallOutcome AddTicketNote(const ports::PsaConnection&,
                                      const std::string&,
                                      const std::string&) override {
    return Refusal();
  }
  ports::PsaCallOutcome TestConnection(const ports::PsaConnection&) override {
    return Refusal();
  }

 private:
  // 501 Not Implemented: permanent for core::ClassifyPsaOutcome (no retry
  // can help until the adapter exists), and described as such rather than
  // as a bad board.
  static ports::PsaCallOutcome Refusal() {
    ports::PsaCallOutcome outcome;
    outcome.http_status = 501;
    outcome.message = kMessage;
    return outcome;
  }
};

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_UNCONFIGURED_PSA_H_
