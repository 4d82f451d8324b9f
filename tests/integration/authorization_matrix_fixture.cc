// The authorization matrix's world: two accounts with one of each resource,
// a sibling organization, a token for every kind of caller, and the helpers
// its rows use to make what a call consumes.

#include "tests/integration/authorization_matrix_fixture.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"

namespace cordon::authorization_matrix {

namespace v1 = cordon::v1;

void MatrixFixture::SetUp() {
  own_ = MakeAccount("Own MSP");
  other_ = MakeAccount("Other MSP");
  sibling_ = own_;
  MakeOrganization(sibling_);
  tokens_[Caller::kSoc] = Soc();
  tokens_[Caller::kService] = api_.ProviderKey(v1::SERVICE);
  tokens_[Caller::kAdmin] = UserKey(own_, v1::ACCOUNT_ADMIN, "", "admin");
  tokens_[Caller::kUser] = api_.KeyFor(own_.user, "key");
  tokens_[Caller::kOrgUser] =
      UserKey(own_, v1::ORGANIZATION_USER, own_.organization, "orguser");
  tokens_[Caller::kAgent] = api_.AgentKey(own_.organization);
  tokens_[Caller::kAnonymous] = "";
  // Well formed, but no key has this id and secret.
  tokens_[Caller::kForged] = "cordon_999999_" + std::string(43, 'A');
  tokens_[Caller::kRevoked] = RevokedKey(own_);
  for (Caller bound :
       {Caller::kAdmin, Caller::kUser, Caller::kOrgUser, Caller::kAgent}) {
    audit_account_[bound] = own_.account;
  }
  audit_account_[Caller::kSoc] = "";
  audit_account_[Caller::kService] = "";
}

Target MatrixFixture::MakeAccount(const std::string& display_name) {
  Target t;
  t.account = api_.CreateAccount(display_name);
  t.user = MakeUser(t, v1::ACCOUNT_USER, "", "reader");
  t.account_rule = NewRule(t.account);
  MakeOrganization(t);
  return t;
}

void MatrixFixture::MakeOrganization(Target& t) {
  // A tenant binds one organization in the whole server (issue 8).
  const std::string tenant =
      absl::StrFormat("00000000-0000-0000-0000-%012d", ++counter_);
  t.organization = api_.CreateOrganization(t.account, "Contoso", tenant);
  // The tenant exists, so an allowed SyncInventory succeeds (ISO-12).
  EXPECT_TRUE(server_.world().AddTenant({tenant, {"contoso.com"}, ""}).ok());
  t.identity = api_.CreateIdentity(t.organization, "alice@contoso.com");
  t.escalation = NewEscalation(t);
  t.organization_rule = NewRule(t.organization);
  t.draft_report = NewReport(t, /*send=*/false);
  t.soc_alert = NewSocAlert(t);
}

// A SOC alert about `t`'s identity, stored as the engine raises one.
std::string MatrixFixture::NewSocAlert(const Target& t) {
  std::unique_ptr<store::Transaction> txn = server_.database().Begin();
  v1::SocAlert alert;
  alert.set_severity(v1::CRITICAL);
  alert.set_account(t.account);
  alert.set_identity(t.identity);
  absl::StatusOr<v1::SocAlert> raised =
      server_.engine().soc_alerts().Raise(*txn, alert);
  EXPECT_TRUE(raised.ok()) << raised.status();
  EXPECT_TRUE(txn->Commit().ok());
  return raised.ok() ? raised->name() : "";
}

// A new incident report of `t`'s organization written by the SOC; sent
// when `send`. Not isolation-worthy, so sending it isolates nobody.
std::string MatrixFixture::NewReport(const Target& t, bool send) {
  v1::CreateIncidentReportRequest request;
  request.set_parent(t.organization);
  v1::IncidentReport* report = request.mutable_incident_report();
  report->set_title("Suspicious sign-in");
  report->set_severity(v1::LOW);
  report->set_isolation_worthy(false);
  report->add_identities(t.identity);
  v1::IncidentReport out;
  grpc::Status status =
      api_.incidents().CreateIncidentReport(Ctx(Soc()).get(), request, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  if (send) {
    v1::SendIncidentReportRequest sent;
    sent.set_name(out.name());
    status = api_.incidents().SendIncidentReport(Ctx(Soc()).get(), sent, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  return out.name();
}

// A new open escalation of `t`'s organization, raised by the SOC. Its
// subject is its own, so it never joins another (ESC-7).
std::string MatrixFixture::NewEscalation(const Target& t) {
  v1::CreateEscalationRequest request;
  request.set_parent(t.account);
  request.mutable_escalation()->set_type(v1::HOST_ISOLATION_ORG_WIDE);
  request.mutable_escalation()->set_organization(t.organization);
  request.mutable_escalation()->set_question("Acknowledge?");
  v1::Escalation out;
  const grpc::Status status =
      api_.escalations().CreateEscalation(Ctx(Soc()).get(), request, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out.name();
}

// A new EXPECTED rule at `scope`, for a VPN provider of its own.
std::string MatrixFixture::NewRule(const std::string& scope) {
  v1::CreateAccessRuleRequest request;
  request.set_parent(scope);
  *request.mutable_access_rule() = VpnRule();
  v1::AccessRule out;
  const grpc::Status status =
      api_.access_rules().CreateAccessRule(Ctx(Soc()).get(), request, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out.name();
}

v1::AccessRule MatrixFixture::VpnRule() {
  v1::AccessRule rule;
  rule.set_determination(v1::AccessRule::EXPECTED);
  rule.set_vpn_provider(absl::StrCat("Vpn", ++counter_));
  return rule;
}

// Sign-in telemetry that raises nothing: from the identity's own usage
// location (NL).
v1::RecordSignInRequest MatrixFixture::QuietSignIn(const Target& t) {
  v1::RecordSignInRequest request;
  v1::SignInEvent* event = request.mutable_sign_in();
  event->set_event_id(absl::StrCat("sign-in-", ++counter_));
  event->set_identity(t.identity);
  *event->mutable_time() = engine::ToTimestamp(server_.clock().Now());
  event->set_ip_address("203.0.113.7");
  event->set_country("NL");
  return request;
}

// Endpoint telemetry that raises nothing: RTP on, not isolated.
v1::RecordEndpointStatusRequest MatrixFixture::QuietEndpoint(const Target& t) {
  v1::RecordEndpointStatusRequest request;
  v1::EndpointStatusEvent* event = request.mutable_status();
  event->set_event_id(absl::StrCat("endpoint-", ++counter_));
  event->set_organization(t.organization);
  event->set_endpoint_id("endpoint-1");
  event->set_hostname("ws-1");
  event->set_managed_antivirus_mode(v1::EndpointStatusEvent::ENFORCE);
  event->set_realtime_protection_enabled(true);
  event->set_network_isolated(false);
  *event->mutable_time() = engine::ToTimestamp(server_.clock().Now());
  return request;
}

std::string MatrixFixture::MakeUser(const Target& t, v1::Role role,
                                    const std::string& organization,
                                    const std::string& who) {
  v1::User user;
  user.set_email(absl::StrCat(who, "-", ++counter_, "@msp.example"));
  user.set_display_name(who);
  user.set_role(role);
  user.set_organization(organization);
  return api_.CreateUser(t.account, user);
}

std::string MatrixFixture::UserKey(const Target& t, v1::Role role,
                                   const std::string& organization,
                                   const std::string& who) {
  return api_.KeyFor(MakeUser(t, role, organization, who), "key");
}

// The token of an account admin's key of `t` that has been revoked.
std::string MatrixFixture::RevokedKey(const Target& t) {
  const std::string user = MakeUser(t, v1::ACCOUNT_ADMIN, "", "gone");
  v1::CreateApiKeyRequest request;
  request.mutable_api_key()->set_display_name("revoked");
  request.mutable_api_key()->set_user(user);
  v1::CreateApiKeyResponse created;
  EXPECT_TRUE(
      api_.api_keys().CreateApiKey(Ctx(Soc()).get(), request, &created).ok());
  v1::RevokeApiKeyRequest revoke;
  revoke.set_name(created.api_key().name());
  v1::ApiKey revoked;
  EXPECT_TRUE(
      api_.api_keys().RevokeApiKey(Ctx(Soc()).get(), revoke, &revoked).ok());
  return created.secret();
}

// A fresh API key of `target`'s reader, for revoke rows.
std::string MatrixFixture::FreshKeyName(const Target& target) {
  v1::CreateApiKeyRequest request;
  request.mutable_api_key()->set_display_name("to revoke");
  request.mutable_api_key()->set_user(target.user);
  v1::CreateApiKeyResponse response;
  EXPECT_TRUE(
      api_.api_keys().CreateApiKey(Ctx(Soc()).get(), request, &response).ok());
  return response.api_key().name();
}

grpc::Status MatrixFixture::Watch(const std::string& token,
                                  const v1::WatchEventsRequest& request) {
  auto context = Ctx(token);
  auto reader = api_.events().WatchEvents(context.get(), request);
  v1::Event first;
  const bool admitted =
      reader->Read(&first) && first.type() == v1::Event::BOOKMARK;
  if (admitted) context->TryCancel();
  while (reader->Read(&first)) {
  }
  const grpc::Status status = reader->Finish();
  return admitted ? grpc::Status::OK : status;
}

grpc::Status MatrixFixture::Receive(const std::string& token,
                                    const v1::ReceiveCommandsRequest& request) {
  auto context = Ctx(token);
  auto reader = api_.agent().ReceiveCommands(context.get(), request);
  // A refused call ends with its headers; an admitted one is connected
  // before it sends them and then waits for commands (none are pending).
  reader->WaitForInitialMetadata();
  engine::AgentConnections& connections = server_.engine().agent_connections();
  const core::OrganizationName org =
      *core::ParseOrganizationName(own_.organization);
  absl::StatusOr<uint64_t> newer;
  if (connections.presence().IsConnected(org)) {
    // Admitted: a newer connection ends it (ABORTED) before it returns, so
    // no stream outlives its cell.
    newer = connections.Connect({}, org, request.version(), "matrix");
    EXPECT_TRUE(newer.ok()) << newer.status();
  }
  v1::AgentCommand command;
  while (reader->Read(&command)) {
  }
  const grpc::Status status = reader->Finish();
  if (!newer.ok()) return status;
  EXPECT_TRUE(connections.Disconnect(org, *newer).ok());
  EXPECT_EQ(status.error_code(), StatusCode::ABORTED) << status.error_message();
  return grpc::Status::OK;
}

}  // namespace cordon::authorization_matrix
