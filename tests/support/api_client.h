#ifndef CORDON_TESTS_SUPPORT_API_CLIENT_H_
#define CORDON_TESTS_SUPPORT_API_CLIENT_H_

#include <memory>
#include <string>

#include "cordon/v1/access_rule.grpc.pb.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/agent.grpc.pb.h"
#include "cordon/v1/api_key.grpc.pb.h"
#include "cordon/v1/audit.grpc.pb.h"
#include "cordon/v1/backup.grpc.pb.h"
#include "cordon/v1/escalation.grpc.pb.h"
#include "cordon/v1/event.grpc.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/incident.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"
#include "cordon/v1/soc_alert.grpc.pb.h"
#include "cordon/v1/status.grpc.pb.h"
#include "cordon/v1/telemetry.grpc.pb.h"
#include "cordon/v1/user.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "tests/support/test_server.h"

namespace cordon::testing {

// A client of every cordon.v1 service over a TestServer's loopback channel,
// with the set-up calls the integration tests share. The helpers call as the
// SOC_ANALYST bootstrap token, EXPECT success and return the new resource's
// name (or a key's secret).
class ApiClient {
 public:
  explicit ApiClient(TestServer* server);

  // Opens the stubs again on the server's current channel (after Restart()).
  void Connect();

  v1::AccessRuleService::Stub& access_rules() { return *access_rules_; }
  v1::AccountService::Stub& accounts() { return *accounts_; }
  v1::AgentKeyService::Stub& agent_keys() { return *agent_keys_; }
  v1::AgentService::Stub& agent() { return *agent_; }
  v1::ApiKeyService::Stub& api_keys() { return *api_keys_; }
  v1::AuditService::Stub& audit() { return *audit_; }
  v1::BackupService::Stub& backups() { return *backups_; }
  v1::EscalationService::Stub& escalations() { return *escalations_; }
  v1::EventService::Stub& events() { return *events_; }
  v1::IdentityService::Stub& identities() { return *identities_; }
  v1::IncidentService::Stub& incidents() { return *incidents_; }
  v1::OrganizationService::Stub& organizations() { return *organizations_; }
  v1::SocAlertService::Stub& soc_alerts() { return *soc_alerts_; }
  v1::StatusService::Stub& status() { return *status_; }
  v1::TelemetryService::Stub& telemetry() { return *telemetry_; }
  v1::UserService::Stub& users() { return *users_; }

  // A client context carrying `authorization: Bearer <token>`.
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token);
  // A client context carrying the SOC_ANALYST bootstrap token.
  std::unique_ptr<grpc::ClientContext> Soc() const;

  // A new account named `display_name`.
  std::string CreateAccount(const std::string& display_name);
  // A new organization of `account` from `organization`.
  std::string CreateOrganization(const std::string& account,
                                 const v1::Organization& organization);
  // A new organization of `account`, bound to `tenant` unless it is empty.
  std::string CreateOrganization(const std::string& account,
                                 const std::string& display_name,
                                 const std::string& tenant = "");
  // A new CLOUD_ONLY identity of `organization` with usage location NL.
  std::string CreateIdentity(const std::string& organization,
                             const std::string& upn, bool excluded = false);
  // A new user of `account` from `user`.
  std::string CreateUser(const std::string& account, const v1::User& user);
  // A new user of `account` with `role`, display name "User" and the email
  // u<N>@msp.example (N counts the users this client made so); a member of
  // `organization` unless it is empty.
  std::string CreateUser(const std::string& account, v1::Role role,
                         const std::string& organization = "");
  // The identity named `name`.
  v1::Identity GetIdentity(const std::string& name);
  // Drafts and sends an isolation-worthy CRITICAL report about `identity`
  // (ISO-2): the sent report's name.
  std::string SendReport(const std::string& organization,
                         const std::string& identity);
  // The secret of a new API key acting as `user`.
  std::string KeyFor(const std::string& user,
                     const std::string& display_name = "k");
  // The secret of a new provider-wide key of `role` (SERVICE, SOC_ANALYST).
  std::string ProviderKey(v1::Role role,
                          const std::string& display_name = "provider key");
  // ISO-15: a new agent key of `organization`; its name into `name` when
  // given. Returns the secret.
  std::string AgentKey(const std::string& organization,
                       std::string* name = nullptr);

 private:
  TestServer* server_;
  std::unique_ptr<v1::AccessRuleService::Stub> access_rules_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::AgentKeyService::Stub> agent_keys_;
  std::unique_ptr<v1::AgentService::Stub> agent_;
  std::unique_ptr<v1::ApiKeyService::Stub> api_keys_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
  std::unique_ptr<v1::BackupService::Stub> backups_;
  std::unique_ptr<v1::EscalationService::Stub> escalations_;
  std::unique_ptr<v1::EventService::Stub> events_;
  std::unique_ptr<v1::IdentityService::Stub> identities_;
  std::unique_ptr<v1::IncidentService::Stub> incidents_;
  std::unique_ptr<v1::OrganizationService::Stub> organizations_;
  std::unique_ptr<v1::SocAlertService::Stub> soc_alerts_;
  std::unique_ptr<v1::StatusService::Stub> status_;
  std::unique_ptr<v1::TelemetryService::Stub> telemetry_;
  std::unique_ptr<v1::UserService::Stub> users_;
  int users_made_ = 0;
};

}  // namespace cordon::testing

#endif  // CORDON_TESTS_SUPPORT_API_CLIENT_H_
