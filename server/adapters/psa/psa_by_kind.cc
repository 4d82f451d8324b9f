#include "server/adapters/psa/psa_by_kind.h"

#include "absl/strings/str_cat.h"
#include "server/adapters/psa/psa_call.h"

namespace cordon::adapters::psa {
namespace {

ports::PsaCallOutcome UnknownKind(const std::string& kind) {
  return BadIntegration(
      "PSA", absl::StrCat("kind \"", CleanPsaText(kind),
                          "\" is not CONNECTWISE, AUTOTASK or HALOPSA"));
}

}  // namespace

ports::Psa* PsaByKind::For(const std::string& kind) const {
  if (kind == "CONNECTWISE") return connectwise_;
  if (kind == "AUTOTASK") return autotask_;
  if (kind == "HALOPSA") return halo_;
  return nullptr;
}

ports::PsaCallOutcome PsaByKind::CreateTicket(
    const ports::PsaConnection& connection, const ports::PsaTicket& ticket) {
  ports::Psa* psa = For(connection.kind);
  return psa ? psa->CreateTicket(connection, ticket)
             : UnknownKind(connection.kind);
}

ports::PsaCallOutcome PsaByKind::AddTicketNote(
    const ports::PsaConnection& connection, const std::string& ticket_id,
    const std::string& note) {
  ports::Psa* psa = For(connection.kind);
  return psa ? psa->AddTicketNote(connection, ticket_id, note)
             : UnknownKind(connection.kind);
}

ports::PsaCallOutcome PsaByKind::TestConnection(
    const ports::PsaConnection& connection) {
  ports::Psa* psa = For(connection.kind);
  return psa ? psa->TestConnection(connection) : UnknownKind(connection.kind);
}

}  // namespace cordon::adapters::psa
