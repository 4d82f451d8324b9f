#ifndef CORDON_SERVER_ADAPTERS_PSA_PSA_BY_KIND_H_
#define CORDON_SERVER_ADAPTERS_PSA_PSA_BY_KIND_H_

#include <string>

#include "server/ports/psa.h"

namespace cordon::adapters::psa {

// The Psa port over one adapter per product, chosen by the integration's
// kind ("CONNECTWISE", "AUTOTASK", "HALOPSA"). Another kind is answered 400
// (permanent) naming it, and nothing is sent. Thread-safe like the
// adapters.
class PsaByKind final : public ports::Psa {
 public:
  // None is owned; all must outlive this.
  PsaByKind(ports::Psa* connectwise, ports::Psa* autotask, ports::Psa* halo)
      : connectwise_(connectwise), autotask_(autotask), halo_(halo) {}

  ports::PsaCallOutcome CreateTicket(const ports::PsaConnection& connection,
                                     const ports::PsaTicket& ticket) override;
  ports::PsaCallOutcome AddTicketNote(const ports::PsaConnection& connection,
                                      const std::string& ticket_id,
                                      const std::string& note) override;
  ports::PsaCallOutcome TestConnection(
      const ports::PsaConnection& connection) override;

 private:
  ports::Psa* For(const std::string& kind) const;

  ports::Psa* connectwise_;
  ports::Psa* autotask_;
  ports::Psa* halo_;
};

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_PSA_BY_KIND_H_
