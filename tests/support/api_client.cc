#include "tests/support/api_client.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace cordon::testing {

ApiClient::ApiClient(TestServer* server) : server_(server) { Connect(); }

void ApiClient::Connect() {
  const std::shared_ptr<grpc::Channel> channel = server_->channel();
  access_rules_ = v1::AccessRuleService::NewStub(channel);
  accounts_ = v1::AccountService::NewStub(channel);
  api_keys_ = v1::ApiKeyService::NewStub(channel);
  agent_keys_ = v1::AgentKeyService::NewStub(channel);
  agent_ = v1::AgentService::NewStub(channel);
  audit_ = v1::AuditService::NewStub(channel);
  backups_ = v1::BackupService::NewStub(channel);
  escalations_ = v1::EscalationService::NewStub(channel);
  events_ = v1::EventService::NewStub(channel);
  identities_ = v1::IdentityService::NewStub(channel);
  incidents_ = v1::IncidentService::NewStub(channel);
  organizations_ = v1::OrganizationService::NewStub(channel);
  soc_alerts_ = v1::SocAlertService::NewStub(channel);
  status_ = v1::StatusService::NewStub(channel);
  telemetry_ = v1::TelemetryService::NewStub(channel);
  users_ = v1::UserService::NewStub(channel);
}

std::unique_ptr<grpc::ClientContext> ApiClient::Context(
    const std::string& token) {
  return TestServer::Context(token);
}

std::unique_ptr<grpc::ClientContext> ApiClient::Soc() const {
  return Context(server_->bootstrap_token());
}

std::string ApiClient::CreateAccount(const std::string& display_name) {
  v1::CreateAccountRequest request;
  request.mutable_account()->set_display_name(display_name);
  v1::AccountChange made;
  grpc::Status status = accounts_->CreateAccount(Soc().get(), request, &made);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return made.account().name();
}

std::string ApiClient::CreateOrganization(
    const std::string& account, const v1::Organization& organization) {
  v1::CreateOrganizationRequest request;
  request.set_parent(account);
  *request.mutable_organization() = organization;
  v1::Organization made;
  grpc::Status status =
      organizations_->CreateOrganization(Soc().get(), request, &made);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return made.name();
}

std::string ApiClient::CreateOrganization(const std::string& account,
                                          const std::string& display_name,
                                          const std::string& tenant) {
  v1::Organization organization;
  organization.set_display_name(display_name);
  organization.set_m365_tenant_id(tenant);
  return CreateOrganization(account, organization);
}

std::string ApiClient::CreateIdentity(const std::string& organization,
                                      const std::string& upn, bool excluded) {
  v1::CreateIdentityRequest request;
  request.set_parent(organization);
  request.mutable_identity()->set_upn(upn);
  request.mutable_identity()->set_source(v1::Identity::CLOUD_ONLY);
  request.mutable_identity()->set_usage_location("NL");
  request.mutable_identity()->set_excluded_from_isolation(excluded);
  v1::Identity made;
  grpc::Status status =
      identities_->CreateIdentity(Soc().get(), request, &made);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return made.name();
}

std::string ApiClient::CreateUser(const std::string& account,
                                  const v1::User& user) {
  v1::CreateUserRequest request;
  request.set_parent(account);
  *request.mutable_user() = user;
  v1::User made;
  grpc::Status status = users_->CreateUser(Soc().get(), request, &made);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return made.name();
}

std::string ApiClient::CreateUser(const std::string& account, v1::Role role,
                                  const std::string& organization) {
  v1::User user;
  user.set_email(absl::StrCat("u", ++users_made_, "@msp.example"));
  user.set_display_name("User");
  user.set_role(role);
  user.set_organization(organization);
  return CreateUser(account, user);
}

v1::Identity ApiClient::GetIdentity(const std::string& name) {
  v1::GetIdentityRequest request;
  request.set_name(name);
  v1::Identity identity;
  grpc::Status status =
      identities_->GetIdentity(Soc().get(), request, &identity);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return identity;
}

std::string ApiClient::SendReport(const std::string& organization,
                                  const std::string& identity) {
  v1::CreateIncidentReportRequest request;
  request.set_parent(organization);
  auto* report = request.mutable_incident_report();
  report->set_title("Sign-in from a known-bad IP");
  report->set_severity(v1::CRITICAL);
  report->set_isolation_worthy(true);
  report->add_identities(identity);
  v1::IncidentReport draft, sent;
  grpc::Status status =
      incidents_->CreateIncidentReport(Soc().get(), request, &draft);
  EXPECT_TRUE(status.ok()) << status.error_message();
  v1::SendIncidentReportRequest send;
  send.set_name(draft.name());
  status = incidents_->SendIncidentReport(Soc().get(), send, &sent);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return sent.name();
}

std::string ApiClient::KeyFor(const std::string& user,
                              const std::string& display_name) {
  v1::CreateApiKeyRequest request;
  request.mutable_api_key()->set_display_name(display_name);
  request.mutable_api_key()->set_user(user);
  v1::CreateApiKeyResponse made;
  grpc::Status status = api_keys_->CreateApiKey(Soc().get(), request, &made);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return made.secret();
}

std::string ApiClient::ProviderKey(v1::Role role,
                                   const std::string& display_name) {
  v1::CreateApiKeyRequest request;
  request.mutable_api_key()->set_display_name(display_name);
  request.mutable_api_key()->set_role(role);
  v1::CreateApiKeyResponse made;
  grpc::Status status = api_keys_->CreateApiKey(Soc().get(), request, &made);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return made.secret();
}

std::string ApiClient::AgentKey(const std::string& organization,
                                std::string* name) {
  v1::CreateAgentKeyRequest request;
  request.set_parent(organization);
  request.mutable_agent_key()->set_display_name("dc01 agent");
  v1::CreateAgentKeyResponse made;
  grpc::Status status =
      agent_keys_->CreateAgentKey(Soc().get(), request, &made);
  EXPECT_TRUE(status.ok()) << status.error_message();
  if (name != nullptr) *name = made.agent_key().name();
  return made.secret();
}

}  // namespace cordon::testing
