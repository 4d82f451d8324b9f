#ifndef CORDON_SERVER_ENGINE_ESCALATION_DELIVERY_MESSAGE_H_
#define CORDON_SERVER_ENGINE_ESCALATION_DELIVERY_MESSAGE_H_

#include <cstdint>
#include <string>

#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/incident.pb.h"
#include "server/ports/mailer.h"
#include "server/ports/psa.h"

namespace cordon::engine {

// The words of what Cordon sends partners: an escalation's notification
// (round 0 on creation, round k >= 1 a reminder that it is overdue) and a
// sent incident report, as an e-mail or a PSA ticket. Message ids and
// ticket references are stable per (thing, round, recipient), so a send
// repeated after a crash is recognizable as the same message.
// `delivery_id` tells apart two notifications of one round (a reopened
// escalation is notified again at once); retries of one keep it.
ports::EmailMessage EscalationEmail(const cordon::v1::Escalation& escalation,
                                    int round, const std::string& recipient,
                                    uint64_t delivery_id);
ports::PsaTicket EscalationTicket(const cordon::v1::Escalation& escalation);
std::string EscalationReminderNote(const cordon::v1::Escalation& escalation,
                                   int round);

ports::EmailMessage ReportEmail(const cordon::v1::IncidentReport& report,
                                const std::string& recipient);
ports::PsaTicket ReportTicket(const cordon::v1::IncidentReport& report);

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_DELIVERY_MESSAGE_H_
