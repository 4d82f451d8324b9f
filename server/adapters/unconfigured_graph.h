#ifndef CORDON_SERVER_ADAPTERS_UNCONFIGURED_GRAPH_H_
#define CORDON_SERVER_ADAPTERS_UNCONFIGURED_GRAPH_H_

#include "server/ports/graph.h"

namespace cordon::adapters {

// What cordon-server uses until the Microsoft Graph REST adapter exists:
// every call fails for good with a message saying so, which isolation
// records on the identity and the report (ISO-11) instead of pretending.
class UnconfiguredGraph final : public ports::Graph {
 public:
  core::GraphCallOutcome RevokeSignInSessions(
      const ports::GraphUserRef&) override {
    return Refusal();
  }
  core::GraphCallOutcome SetAccountEnabled(const ports::GraphUserRef&,
                                           bool) override {
    return Refusal();
  }
  core::GraphCallOutcome ListInboxRules(
      const ports::GraphUserRef&, std::vector<core::InboxRule>*) override {
    return Refusal();
  }
  core::GraphCallOutcome SetInboxRuleEnabled(const ports::GraphUserRef&,
                                             const std::string&,
                                             bool) override {
    return Refusal();
  }
  core::GraphCallOutcome GetUser(const ports::GraphUserRef&,
                                 ports::GraphUser*) override {
    return Refusal();
  }
  core::GraphCallOutcome ListTenantDomains(const std::string&,
                                           std::vector<std::string>*) override {
    return Refusal();
  }
  core::GraphCallOutcome ReadUsersDeltaPage(const std::string&,
                                            const std::string&,
                                            ports::UsersDeltaPage*) override {
    return Refusal();
  }
  core::M365AccessReport CheckAccess(const std::string&) override {
    core::M365AccessReport report;
    report.configured = false;
    report.detail =
        "this server has no Microsoft Graph credentials (start cordon-server "
        "with --graph_client_id and a secret or certificate)";
    report.permissions = core::JudgePermissions(absl::nullopt, {});
    return report;
  }

 private:
  static core::GraphCallOutcome Refusal() {
    core::GraphCallOutcome outcome;
    outcome.http_status = 400;
    outcome.error_code = "CordonGraphAdapterNotConfigured";
    return outcome;
  }
};

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_UNCONFIGURED_GRAPH_H_
