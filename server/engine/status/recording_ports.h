#ifndef CORDON_SERVER_ENGINE_STATUS_RECORDING_PORTS_H_
#define CORDON_SERVER_ENGINE_STATUS_RECORDING_PORTS_H_

#include <memory>
#include <string>
#include <vector>

#include "server/engine/status/dependency_board.h"
#include "server/ports/clock.h"
#include "server/ports/graph.h"
#include "server/ports/mailer.h"
#include "server/ports/psa.h"

namespace cordon::engine {

// Issue 14: the engine's Graph, PSA and mailer, each passing every call to
// the real port (or the simulator's) and writing its outcome on the
// DependencyBoard: the outcomes the adapters report anyway, recorded where
// every workflow's calls pass, at no extra call.
class RecordingGraph final : public ports::Graph {
 public:
  RecordingGraph(ports::Graph* graph, const ports::Clock* clock,
                 DependencyBoard* board)
      : graph_(graph), clock_(clock), board_(board) {}

  core::GraphCallOutcome RevokeSignInSessions(
      const ports::GraphUserRef& user) override;
  core::GraphCallOutcome SetAccountEnabled(const ports::GraphUserRef& user,
                                           bool enabled) override;
  core::GraphCallOutcome ListInboxRules(
      const ports::GraphUserRef& user,
      std::vector<core::InboxRule>* rules) override;
  core::GraphCallOutcome SetInboxRuleEnabled(const ports::GraphUserRef& user,
                                             const std::string& rule_id,
                                             bool enabled) override;
  core::GraphCallOutcome GetUser(const ports::GraphUserRef& user,
                                 ports::GraphUser* result) override;
  core::GraphCallOutcome ListTenantDomains(
      const std::string& tenant_id, std::vector<std::string>* domains) override;
  core::GraphCallOutcome ReadUsersDeltaPage(
      const std::string& tenant_id, const std::string& link,
      ports::UsersDeltaPage* page) override;
  core::M365AccessReport CheckAccess(const std::string& tenant_id) override;

 private:
  core::GraphCallOutcome Record(const std::string& tenant_id,
                                core::GraphCallOutcome outcome);

  ports::Graph* const graph_;
  const ports::Clock* const clock_;
  DependencyBoard* const board_;
};

class RecordingPsa final : public ports::Psa {
 public:
  RecordingPsa(ports::Psa* psa, const ports::Clock* clock,
               DependencyBoard* board)
      : psa_(psa), clock_(clock), board_(board) {}

  ports::PsaCallOutcome CreateTicket(const ports::PsaConnection& connection,
                                     const ports::PsaTicket& ticket) override;
  ports::PsaCallOutcome AddTicketNote(const ports::PsaConnection& connection,
                                      const std::string& ticket_id,
                                      const std::string& note) override;
  ports::PsaCallOutcome TestConnection(
      const ports::PsaConnection& connection) override;

 private:
  ports::PsaCallOutcome Record(const ports::PsaConnection& connection,
                               ports::PsaCallOutcome outcome);

  ports::Psa* const psa_;
  const ports::Clock* const clock_;
  DependencyBoard* const board_;
};

class RecordingMailer final : public ports::Mailer {
 public:
  RecordingMailer(ports::Mailer* mailer, const ports::Clock* clock,
                  DependencyBoard* board)
      : mailer_(mailer), clock_(clock), board_(board) {}

  ports::MailOutcome Send(const ports::EmailMessage& message) override;

 private:
  ports::Mailer* const mailer_;
  const ports::Clock* const clock_;
  DependencyBoard* const board_;
};

// The recording ports over an engine's ports, each null where its port is
// ("not configured" stays visible to the workflows).
struct RecordingPorts {
  RecordingPorts(ports::Graph* graph, ports::Psa* psa, ports::Mailer* mailer,
                 const ports::Clock* clock, DependencyBoard* board);

  std::unique_ptr<RecordingGraph> graph;
  std::unique_ptr<RecordingPsa> psa;
  std::unique_ptr<RecordingMailer> mailer;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_STATUS_RECORDING_PORTS_H_
