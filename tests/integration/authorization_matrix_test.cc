// TEN-1 and the roles of DOMAIN.md as one table: every RPC of the foundation
// (accounts, organizations, identities, users, API keys, audit), of incident
// reports, escalations (ESC-5), access rules (ESC-4), SOC alerts, telemetry
// ingestion and the event stream
// called by
// every kind of principal against its own account and another one. Each row
// says which code each caller must get; a refused call must change nothing.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "server/engine/common/resource_time.h"
#include "server/store/family.h"
#include "tests/support/api_client.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace authorization_matrix_test {

using grpc::StatusCode;
constexpr StatusCode OK = StatusCode::OK;
constexpr StatusCode NF = StatusCode::NOT_FOUND;
constexpr StatusCode PD = StatusCode::PERMISSION_DENIED;
constexpr StatusCode FP = StatusCode::FAILED_PRECONDITION;

// The resources of one account that calls aim at.
struct Target {
  std::string account;
  std::string organization;
  std::string identity;
  std::string user;               // an ACCOUNT_USER of the account
  std::string escalation;         // an open HOST_ISOLATION_ORG_WIDE one
  std::string account_rule;       // an access rule at account scope
  std::string organization_rule;  // an access rule at organization scope
  std::string draft_report;       // an incident report still DRAFT
  std::string soc_alert;          // a SOC alert about the account
  // What a row's `prepare` made for its call (a key to revoke, an open
  // escalation to answer, a rule to delete).
  std::string fresh;
};

enum class Caller { kSoc, kService, kAdmin, kUser, kOrgUser, kAgent };

// What each caller must get. "own" = the caller's account (for the
// organization user: its own organization); "other" = another account.
// ISO-15: an agent key (of the own account's organization) may call
// AgentService for that organization and nothing else, so its cells are
// PERMISSION_DENIED unless a row says otherwise.
struct Expected {
  StatusCode soc, service, admin_own, admin_other, user_own, user_other,
      org_own, org_other;
  StatusCode agent_own = PD, agent_other = PD;
};

struct Row {
  std::string rpc;
  // Calls the RPC as `token` against `target`.
  std::function<grpc::Status(const std::string& token, const Target& target)>
      call;
  Expected expected;
  // If set, runs as the SOC before each cell (and before its snapshot) and
  // sets target.fresh: calls that use up what they act on get a new one.
  std::function<void(Target& target)> prepare;
};

// Collects the matrix rows; `prepare` runs before each cell (see Row).
class RowList {
 public:
  template <typename Call>
  void Add(std::string rpc, Expected expected, Call call) {
    rows_.push_back({std::move(rpc), call, expected, nullptr});
  }
  template <typename Prepare, typename Call>
  void AddPrepared(std::string rpc, Expected expected, Prepare prepare,
                   Call call) {
    rows_.push_back({std::move(rpc), call, expected, prepare});
  }
  std::vector<Row> Take() { return std::move(rows_); }

 private:
  std::vector<Row> rows_;
};

class AuthorizationMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    own_ = MakeAccount("Own MSP");
    other_ = MakeAccount("Other MSP");
    tokens_[Caller::kSoc] = server_.bootstrap_token();
    tokens_[Caller::kService] = ProviderKey(v1::SERVICE);
    tokens_[Caller::kAdmin] = UserKey(own_, v1::ACCOUNT_ADMIN, "", "admin");
    tokens_[Caller::kUser] = KeyOf(own_.user);
    tokens_[Caller::kOrgUser] =
        UserKey(own_, v1::ORGANIZATION_USER, own_.organization, "orguser");
    tokens_[Caller::kAgent] = api_.AgentKey(own_.organization);
  }

  auto Ctx(const std::string& token) {
    return testing::TestServer::Context(token);
  }
  std::string Soc() const { return server_.bootstrap_token(); }

  Target MakeAccount(const std::string& display_name) {
    Target t;
    t.account = api_.CreateAccount(display_name);
    // A tenant binds one organization in the whole server (issue 8).
    const std::string tenant =
        absl::StrFormat("00000000-0000-0000-0000-%012d", ++counter_);
    t.organization = api_.CreateOrganization(t.account, "Contoso", tenant);
    // The tenant exists, so an allowed SyncInventory succeeds (ISO-12).
    EXPECT_TRUE(server_.world().AddTenant({tenant, {"contoso.com"}, ""}).ok());
    t.identity = api_.CreateIdentity(t.organization, "alice@contoso.com");
    t.user = MakeUser(t, v1::ACCOUNT_USER, "", "reader");
    t.escalation = NewEscalation(t);
    t.account_rule = NewRule(t.account);
    t.organization_rule = NewRule(t.organization);
    t.draft_report = NewReport(t, /*send=*/false);
    t.soc_alert = NewSocAlert(t);
    return t;
  }
  // A SOC alert about `t`'s identity, stored as the engine raises one.
  std::string NewSocAlert(const Target& t) {
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
  std::string NewReport(const Target& t, bool send) {
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
      status =
          api_.incidents().SendIncidentReport(Ctx(Soc()).get(), sent, &out);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return out.name();
  }
  // A new open escalation of `t`'s organization, raised by the SOC. Its
  // subject is its own, so it never joins another (ESC-7).
  std::string NewEscalation(const Target& t) {
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
  std::string NewRule(const std::string& scope) {
    v1::CreateAccessRuleRequest request;
    request.set_parent(scope);
    *request.mutable_access_rule() = VpnRule();
    v1::AccessRule out;
    const grpc::Status status =
        api_.access_rules().CreateAccessRule(Ctx(Soc()).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out.name();
  }
  v1::AccessRule VpnRule() {
    v1::AccessRule rule;
    rule.set_determination(v1::AccessRule::EXPECTED);
    rule.set_vpn_provider(absl::StrCat("Vpn", ++counter_));
    return rule;
  }
  // Sign-in and endpoint telemetry that raises nothing: a sign-in from the
  // identity's own usage location (NL), an endpoint with RTP on.
  v1::RecordSignInRequest QuietSignIn(const Target& t) {
    v1::RecordSignInRequest request;
    v1::SignInEvent* event = request.mutable_sign_in();
    event->set_event_id(absl::StrCat("sign-in-", ++counter_));
    event->set_identity(t.identity);
    *event->mutable_time() = engine::ToTimestamp(server_.clock().Now());
    event->set_ip_address("203.0.113.7");
    event->set_country("NL");
    return request;
  }
  v1::RecordEndpointStatusRequest QuietEndpoint(const Target& t) {
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

  std::string MakeUser(const Target& t, v1::Role role,
                       const std::string& organization,
                       const std::string& who) {
    v1::User user;
    user.set_email(absl::StrCat(who, "-", ++counter_, "@msp.example"));
    user.set_display_name(who);
    user.set_role(role);
    user.set_organization(organization);
    return api_.CreateUser(t.account, user);
  }
  std::string KeyOf(const std::string& user) {
    return api_.KeyFor(user, "key");
  }
  std::string UserKey(const Target& t, v1::Role role,
                      const std::string& organization, const std::string& who) {
    return KeyOf(MakeUser(t, role, organization, who));
  }
  std::string ProviderKey(v1::Role role) { return api_.ProviderKey(role); }
  // A fresh API key of `target`'s reader, for revoke rows.
  std::string FreshKeyName(const Target& target) {
    v1::CreateApiKeyRequest request;
    request.mutable_api_key()->set_display_name("to revoke");
    request.mutable_api_key()->set_user(target.user);
    v1::CreateApiKeyResponse response;
    EXPECT_TRUE(api_.api_keys()
                    .CreateApiKey(Ctx(Soc()).get(), request, &response)
                    .ok());
    return response.api_key().name();
  }

  // Every stored row but the audit trail (refused calls are audited, on
  // purpose) and id bookkeeping (meta). Every other family, including ones
  // added later, is compared.
  std::string Snapshot() {
    std::string all;
    for (int i = 0; i < static_cast<int>(store::Family::kCount); ++i) {
      const auto family = static_cast<store::Family>(i);
      if (family == store::Family::kMeta || family == store::Family::kAudit) {
        continue;
      }
      absl::StrAppend(&all, store::kFamilyNames[i], ":");
      EXPECT_TRUE(
          server_.database()
              .Scan(family, "", "", false,
                    [&](absl::string_view key, absl::string_view value) {
                      absl::StrAppend(&all, key, "=", value, ";");
                      return true;
                    })
              .ok());
    }
    return all;
  }

  std::vector<Row> Rows();
  // The rows of one service each, in the order the matrix lists them.
  void AddAccountRows(RowList& rows);
  void AddOrganizationRows(RowList& rows);
  void AddIdentityRows(RowList& rows);
  void AddUserRows(RowList& rows);
  void AddApiKeyRows(RowList& rows);
  void AddAuditRows(RowList& rows);
  void AddIncidentRows(RowList& rows);
  void AddEscalationRows(RowList& rows);
  // Create, get and list; then update and delete.
  void AddAccessRuleRows(RowList& rows);
  void AddAccessRuleChangeRows(RowList& rows);
  void AddTelemetryRows(RowList& rows);
  void AddManualIsolationRows(RowList& rows);
  void AddSocAlertRows(RowList& rows);
  void AddAgentKeyRows(RowList& rows);
  void AddEventRows(RowList& rows);
  // Opens a WatchEvents stream and reads its first message: OK when it is
  // the BOOKMARK every admitted stream starts with, else how it ended.
  grpc::Status Watch(const std::string& token,
                     const v1::WatchEventsRequest& request);

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
  Target own_, other_;
  std::map<Caller, std::string> tokens_;
  int counter_ = 0;
};

// Reads of account-level resources; writes of them; the same for resources
// inside an organization; provider-only calls.
constexpr Expected kAccountRead{OK, PD, OK, NF, OK, NF, PD, NF};
constexpr Expected kAccountWrite{OK, PD, OK, NF, PD, NF, PD, NF};
constexpr Expected kOrgRead{OK, PD, OK, NF, OK, NF, OK, NF};
constexpr Expected kOrgWrite{OK, PD, OK, NF, PD, NF, PD, NF};
// ESC-5: account users read escalations, account admins answer them, only
// the SOC raises them by hand; organization users and SERVICE keys are
// PERMISSION_DENIED on every call, whatever account they name (so an
// organization user does not even learn that another account exists).
constexpr Expected kEscalationRead{OK, PD, OK, NF, OK, NF, PD, PD};
constexpr Expected kEscalationAnswer{OK, PD, OK, NF, PD, NF, PD, PD};
constexpr Expected kEscalationCreate{OK, PD, PD, NF, PD, NF, PD, PD};
// Incident reports: SOC analysts write and send them; closing a sent one
// (resolve, or reject as a false positive) is for the account's admins and
// the SOC, which "can act on any account" (DOMAIN; docs/decisions.md).
constexpr Expected kReportWrite{OK, PD, PD, NF, PD, NF, PD, NF};
constexpr Expected kReportClose = kOrgWrite;
// Re-enabling an inbox rule Cordon never saw: a write at organization scope
// whose allowed callers get NOT_FOUND.
constexpr Expected kEnableUnseenRule{NF, PD, NF, NF, PD, NF, PD, NF};
// SOC alerts: provider staff only (issue 8), whatever account they name.
constexpr Expected kSocOnly{OK, PD, PD, PD, PD, PD, PD, PD};
// Telemetry ingestion: SERVICE and SOC_ANALYST keys, for every account.
constexpr Expected kIngest{OK, OK, PD, PD, PD, PD, PD, PD};

void AuthorizationMatrixTest::AddAccountRows(RowList& rows) {
  // --- AccountService ---
  rows.Add("CreateAccount", {OK, PD, PD, PD, PD, PD, PD, PD},
           [&](const std::string& token, const Target&) {
             v1::CreateAccountRequest r;
             r.mutable_account()->set_display_name("New MSP");
             v1::AccountChange out;
             return api_.accounts().CreateAccount(Ctx(token).get(), r, &out);
           });
  rows.Add("GetAccount", kAccountRead,
           [&](const std::string& token, const Target& t) {
             v1::GetAccountRequest r;
             r.set_name(t.account);
             v1::Account out;
             return api_.accounts().GetAccount(Ctx(token).get(), r, &out);
           });
  rows.Add("ListAccounts", {OK, PD, OK, OK, OK, OK, PD, PD},
           [&](const std::string& token, const Target&) {
             v1::ListAccountsResponse out;
             return api_.accounts().ListAccounts(
                 Ctx(token).get(), v1::ListAccountsRequest(), &out);
           });
  rows.Add("UpdateAccount", kAccountWrite,
           [&](const std::string& token, const Target& t) {
             v1::UpdateAccountRequest r;
             r.mutable_account()->set_name(t.account);
             r.mutable_account()->set_display_name("Renamed MSP");
             r.mutable_update_mask()->add_paths("display_name");
             v1::AccountChange out;
             return api_.accounts().UpdateAccount(Ctx(token).get(), r, &out);
           });
  // TestPsaIntegration (issue 11): account admins and the SOC, like
  // UpdateAccount; the target account has no PSA integration, so allowed
  // callers get as far as PSA_NOT_CONFIGURED.
  rows.Add("TestPsaIntegration", {FP, PD, FP, NF, PD, NF, PD, NF},
           [&](const std::string& token, const Target& t) {
             v1::TestPsaIntegrationRequest r;
             r.set_name(t.account);
             v1::TestPsaIntegrationResponse out;
             return api_.accounts().TestPsaIntegration(Ctx(token).get(), r,
                                                       &out);
           });
  // Deleting an account that still has organizations: SOC gets as far as
  // the precondition; admins are not allowed to delete accounts at all.
  rows.Add("DeleteAccount", {FP, PD, PD, NF, PD, NF, PD, NF},
           [&](const std::string& token, const Target& t) {
             v1::DeleteAccountRequest r;
             r.set_name(t.account);
             v1::DeleteAccountResponse out;
             return api_.accounts().DeleteAccount(Ctx(token).get(), r, &out);
           });
}

void AuthorizationMatrixTest::AddOrganizationRows(RowList& rows) {
  // --- OrganizationService ---
  rows.Add("CreateOrganization", kAccountWrite,
           [&](const std::string& token, const Target& t) {
             v1::CreateOrganizationRequest r;
             r.set_parent(t.account);
             r.mutable_organization()->set_display_name("Fabrikam");
             v1::Organization out;
             return api_.organizations().CreateOrganization(Ctx(token).get(), r,
                                                            &out);
           });
  rows.Add("GetOrganization", kOrgRead,
           [&](const std::string& token, const Target& t) {
             v1::GetOrganizationRequest r;
             r.set_name(t.organization);
             v1::Organization out;
             return api_.organizations().GetOrganization(Ctx(token).get(), r,
                                                         &out);
           });
  rows.Add("ListOrganizations", kOrgRead,
           [&](const std::string& token, const Target& t) {
             v1::ListOrganizationsRequest r;
             r.set_parent(t.account);
             v1::ListOrganizationsResponse out;
             return api_.organizations().ListOrganizations(Ctx(token).get(), r,
                                                           &out);
           });
  rows.Add("UpdateOrganization", kOrgWrite,
           [&](const std::string& token, const Target& t) {
             v1::UpdateOrganizationRequest r;
             r.mutable_organization()->set_name(t.organization);
             r.mutable_organization()->set_excluded_from_isolation(true);
             r.mutable_update_mask()->add_paths("excluded_from_isolation");
             v1::Organization out;
             return api_.organizations().UpdateOrganization(Ctx(token).get(), r,
                                                            &out);
           });
  // Deleting an organization with identities: allowed callers reach the
  // precondition.
  rows.Add("DeleteOrganization", {FP, PD, FP, NF, PD, NF, PD, NF},
           [&](const std::string& token, const Target& t) {
             v1::DeleteOrganizationRequest r;
             r.set_name(t.organization);
             v1::DeleteOrganizationResponse out;
             return api_.organizations().DeleteOrganization(Ctx(token).get(), r,
                                                            &out);
           });
  // CheckM365Access: account admin and SOC analyst (the tenant is unknown to
  // the simulated world, which answers an AADSTS error inside an OK call).
  rows.Add("CheckM365Access", kOrgWrite,
           [&](const std::string& token, const Target& t) {
             v1::CheckM365AccessRequest r;
             r.set_name(t.organization);
             v1::CheckM365AccessResponse out;
             return api_.organizations().CheckM365Access(Ctx(token).get(), r,
                                                         &out);
           });
  // ISO-12: reading the tenant now is a write (admins and SOC analysts).
  rows.Add("SyncInventory", kOrgWrite,
           [&](const std::string& token, const Target& t) {
             v1::SyncInventoryRequest r;
             r.set_name(t.organization);
             v1::SyncInventoryResponse out;
             return api_.organizations().SyncInventory(Ctx(token).get(), r,
                                                       &out);
           });
}

void AuthorizationMatrixTest::AddIdentityRows(RowList& rows) {
  // --- IdentityService ---
  rows.Add("CreateIdentity", kOrgWrite,
           [&](const std::string& token, const Target& t) {
             v1::CreateIdentityRequest r;
             r.set_parent(t.organization);
             r.mutable_identity()->set_upn(
                 absl::StrCat("new", ++counter_, "@contoso.com"));
             r.mutable_identity()->set_source(v1::Identity::CLOUD_ONLY);
             r.mutable_identity()->set_usage_location("NL");
             v1::Identity out;
             return api_.identities().CreateIdentity(Ctx(token).get(), r, &out);
           });
  rows.Add("GetIdentity", kOrgRead,
           [&](const std::string& token, const Target& t) {
             v1::GetIdentityRequest r;
             r.set_name(t.identity);
             v1::Identity out;
             return api_.identities().GetIdentity(Ctx(token).get(), r, &out);
           });
  rows.Add("ListIdentities", kOrgRead,
           [&](const std::string& token, const Target& t) {
             v1::ListIdentitiesRequest r;
             r.set_parent(t.organization);
             v1::ListIdentitiesResponse out;
             return api_.identities().ListIdentities(Ctx(token).get(), r, &out);
           });
  rows.Add("UpdateIdentity", kOrgWrite,
           [&](const std::string& token, const Target& t) {
             v1::UpdateIdentityRequest r;
             r.mutable_identity()->set_name(t.identity);
             r.mutable_identity()->set_display_name("Alice");
             r.mutable_update_mask()->add_paths("display_name");
             v1::Identity out;
             return api_.identities().UpdateIdentity(Ctx(token).get(), r, &out);
           });
  // A name inside the target organization that does not exist: allowed
  // callers learn NOT_FOUND, refused ones never get as far.
  rows.Add("DeleteIdentity", {NF, PD, NF, NF, PD, NF, PD, NF},
           [&](const std::string& token, const Target& t) {
             v1::DeleteIdentityRequest r;
             r.set_name(t.organization + "/identities/999999999");
             v1::DeleteIdentityResponse out;
             return api_.identities().DeleteIdentity(Ctx(token).get(), r, &out);
           });
}

void AuthorizationMatrixTest::AddUserRows(RowList& rows) {
  // --- UserService ---
  rows.Add("CreateUser", kAccountWrite,
           [&](const std::string& token, const Target& t) {
             v1::CreateUserRequest r;
             r.set_parent(t.account);
             r.mutable_user()->set_email(
                 absl::StrCat("u", ++counter_, "@msp.example"));
             r.mutable_user()->set_display_name("New user");
             r.mutable_user()->set_role(v1::ACCOUNT_USER);
             v1::User out;
             return api_.users().CreateUser(Ctx(token).get(), r, &out);
           });
  rows.Add("GetUser", kAccountRead,
           [&](const std::string& token, const Target& t) {
             v1::GetUserRequest r;
             r.set_name(t.user);
             v1::User out;
             return api_.users().GetUser(Ctx(token).get(), r, &out);
           });
  rows.Add("ListUsers", kAccountRead,
           [&](const std::string& token, const Target& t) {
             v1::ListUsersRequest r;
             r.set_parent(t.account);
             v1::ListUsersResponse out;
             return api_.users().ListUsers(Ctx(token).get(), r, &out);
           });
  rows.Add("UpdateUser", kAccountWrite,
           [&](const std::string& token, const Target& t) {
             v1::UpdateUserRequest r;
             r.mutable_user()->set_name(t.user);
             r.mutable_user()->set_display_name("Renamed");
             r.mutable_update_mask()->add_paths("display_name");
             v1::User out;
             return api_.users().UpdateUser(Ctx(token).get(), r, &out);
           });
  rows.Add("DeleteUser", {NF, PD, NF, NF, PD, NF, PD, NF},
           [&](const std::string& token, const Target& t) {
             v1::DeleteUserRequest r;
             r.set_name(t.account + "/users/999999999");
             v1::DeleteUserResponse out;
             return api_.users().DeleteUser(Ctx(token).get(), r, &out);
           });
}

void AuthorizationMatrixTest::AddApiKeyRows(RowList& rows) {
  // --- ApiKeyService ---
  rows.Add("CreateApiKey(user)", kAccountWrite,
           [&](const std::string& token, const Target& t) {
             v1::CreateApiKeyRequest r;
             r.mutable_api_key()->set_display_name("k");
             r.mutable_api_key()->set_user(t.user);
             v1::CreateApiKeyResponse out;
             return api_.api_keys().CreateApiKey(Ctx(token).get(), r, &out);
           });
  rows.Add("CreateApiKey(provider)", {OK, PD, PD, PD, PD, PD, PD, PD},
           [&](const std::string& token, const Target&) {
             v1::CreateApiKeyRequest r;
             r.mutable_api_key()->set_display_name("k");
             r.mutable_api_key()->set_role(v1::SOC_ANALYST);
             v1::CreateApiKeyResponse out;
             return api_.api_keys().CreateApiKey(Ctx(token).get(), r, &out);
           });
  rows.Add("ListApiKeys", {OK, PD, OK, OK, PD, PD, PD, PD},
           [&](const std::string& token, const Target&) {
             v1::ListApiKeysResponse out;
             return api_.api_keys().ListApiKeys(Ctx(token).get(),
                                                v1::ListApiKeysRequest(), &out);
           });
  rows.AddPrepared(
      "RevokeApiKey", kAccountWrite,
      [&](Target& t) { t.fresh = FreshKeyName(t); },
      [&](const std::string& token, const Target& t) {
        v1::RevokeApiKeyRequest r;
        r.set_name(t.fresh);
        v1::ApiKey out;
        return api_.api_keys().RevokeApiKey(Ctx(token).get(), r, &out);
      });
}

void AuthorizationMatrixTest::AddAuditRows(RowList& rows) {
  // --- AuditService ---
  rows.Add("ListAuditEvents", kAccountRead,
           [&](const std::string& token, const Target& t) {
             v1::ListAuditEventsRequest r;
             r.set_parent(t.account);
             v1::ListAuditEventsResponse out;
             return api_.audit().ListAuditEvents(Ctx(token).get(), r, &out);
           });
}

void AuthorizationMatrixTest::AddIncidentRows(RowList& rows) {
  // --- IncidentService ---
  rows.Add("CreateIncidentReport", kReportWrite,
           [&](const std::string& token, const Target& t) {
             v1::CreateIncidentReportRequest r;
             r.set_parent(t.organization);
             r.mutable_incident_report()->set_title("New report");
             r.mutable_incident_report()->set_severity(v1::LOW);
             r.mutable_incident_report()->add_identities(t.identity);
             v1::IncidentReport out;
             return api_.incidents().CreateIncidentReport(Ctx(token).get(), r,
                                                          &out);
           });
  rows.Add("GetIncidentReport", kOrgRead,
           [&](const std::string& token, const Target& t) {
             v1::GetIncidentReportRequest r;
             r.set_name(t.draft_report);
             v1::IncidentReport out;
             return api_.incidents().GetIncidentReport(Ctx(token).get(), r,
                                                       &out);
           });
  rows.Add("ListIncidentReports", kOrgRead,
           [&](const std::string& token, const Target& t) {
             v1::ListIncidentReportsRequest r;
             r.set_parent(t.organization);
             v1::ListIncidentReportsResponse out;
             return api_.incidents().ListIncidentReports(Ctx(token).get(), r,
                                                         &out);
           });
  rows.Add("UpdateIncidentReport", kReportWrite,
           [&](const std::string& token, const Target& t) {
             v1::UpdateIncidentReportRequest r;
             r.mutable_incident_report()->set_name(t.draft_report);
             r.mutable_incident_report()->set_title(
                 absl::StrCat("Title ", ++counter_));
             r.mutable_update_mask()->add_paths("title");
             v1::IncidentReport out;
             return api_.incidents().UpdateIncidentReport(Ctx(token).get(), r,
                                                          &out);
           });
  rows.AddPrepared(
      "SendIncidentReport", kReportWrite,
      [&](Target& t) { t.fresh = NewReport(t, /*send=*/false); },
      [&](const std::string& token, const Target& t) {
        v1::SendIncidentReportRequest r;
        r.set_name(t.fresh);
        v1::IncidentReport out;
        return api_.incidents().SendIncidentReport(Ctx(token).get(), r, &out);
      });
  rows.AddPrepared(
      "ResolveIncidentReport", kReportClose,
      [&](Target& t) { t.fresh = NewReport(t, /*send=*/true); },
      [&](const std::string& token, const Target& t) {
        v1::ResolveIncidentReportRequest r;
        r.set_name(t.fresh);
        v1::IncidentReport out;
        return api_.incidents().ResolveIncidentReport(Ctx(token).get(), r,
                                                      &out);
      });
  // Issue 8 defect 9: a SOC analyst who finds its own report was a false
  // positive rejects it, like an admin.
  rows.AddPrepared(
      "RejectIncidentReport", kReportClose,
      [&](Target& t) { t.fresh = NewReport(t, /*send=*/true); },
      [&](const std::string& token, const Target& t) {
        v1::RejectIncidentReportRequest r;
        r.set_name(t.fresh);
        v1::IncidentReport out;
        return api_.incidents().RejectIncidentReport(Ctx(token).get(), r, &out);
      });
}

void AuthorizationMatrixTest::AddEscalationRows(RowList& rows) {
  // --- EscalationService (ESC-5) ---
  rows.Add("GetEscalation", kEscalationRead,
           [&](const std::string& token, const Target& t) {
             v1::GetEscalationRequest r;
             r.set_name(t.escalation);
             v1::Escalation out;
             return api_.escalations().GetEscalation(Ctx(token).get(), r, &out);
           });
  rows.Add("ListEscalations", kEscalationRead,
           [&](const std::string& token, const Target& t) {
             v1::ListEscalationsRequest r;
             r.set_parent(t.account);
             v1::ListEscalationsResponse out;
             return api_.escalations().ListEscalations(Ctx(token).get(), r,
                                                       &out);
           });
  // Each cell answers an escalation that is still open, so allowed callers
  // are not turned away by ESC-8's "already resolved".
  rows.AddPrepared(
      "AnswerEscalation", kEscalationAnswer,
      [&](Target& t) { t.fresh = NewEscalation(t); },
      [&](const std::string& token, const Target& t) {
        v1::AnswerEscalationRequest r;
        r.set_name(t.fresh);
        r.mutable_answer()->set_acknowledge(true);
        v1::Escalation out;
        return api_.escalations().AnswerEscalation(Ctx(token).get(), r, &out);
      });
  rows.Add("CreateEscalation", kEscalationCreate,
           [&](const std::string& token, const Target& t) {
             v1::CreateEscalationRequest r;
             r.set_parent(t.account);
             r.mutable_escalation()->set_type(v1::HOST_ISOLATION_ORG_WIDE);
             r.mutable_escalation()->set_organization(t.organization);
             r.mutable_escalation()->set_question("Three endpoints isolated.");
             v1::Escalation out;
             return api_.escalations().CreateEscalation(Ctx(token).get(), r,
                                                        &out);
           });
}

void AuthorizationMatrixTest::AddAccessRuleRows(RowList& rows) {
  // --- AccessRuleService (ESC-4): the scope is the rule's parent ---
  auto create_rule = [&](const std::string& token, const std::string& scope) {
    v1::CreateAccessRuleRequest r;
    r.set_parent(scope);
    *r.mutable_access_rule() = VpnRule();
    v1::AccessRule out;
    return api_.access_rules().CreateAccessRule(Ctx(token).get(), r, &out);
  };
  rows.Add("CreateAccessRule(account)", kAccountWrite,
           [create_rule](const std::string& token, const Target& t) {
             return create_rule(token, t.account);
           });
  rows.Add("CreateAccessRule(organization)", kOrgWrite,
           [create_rule](const std::string& token, const Target& t) {
             return create_rule(token, t.organization);
           });
  rows.Add("CreateAccessRule(identity)", kOrgWrite,
           [create_rule](const std::string& token, const Target& t) {
             return create_rule(token, t.identity);
           });
  auto get_rule = [&](const std::string& token, const std::string& name) {
    v1::GetAccessRuleRequest r;
    r.set_name(name);
    v1::AccessRule out;
    return api_.access_rules().GetAccessRule(Ctx(token).get(), r, &out);
  };
  rows.Add("GetAccessRule(account)", kAccountRead,
           [get_rule](const std::string& token, const Target& t) {
             return get_rule(token, t.account_rule);
           });
  rows.Add("GetAccessRule(organization)", kOrgRead,
           [get_rule](const std::string& token, const Target& t) {
             return get_rule(token, t.organization_rule);
           });
  auto list_rules = [&](const std::string& token, const std::string& scope) {
    v1::ListAccessRulesRequest r;
    r.set_parent(scope);
    v1::ListAccessRulesResponse out;
    return api_.access_rules().ListAccessRules(Ctx(token).get(), r, &out);
  };
  rows.Add("ListAccessRules(account)", kAccountRead,
           [list_rules](const std::string& token, const Target& t) {
             return list_rules(token, t.account);
           });
  rows.Add("ListAccessRules(organization)", kOrgRead,
           [list_rules](const std::string& token, const Target& t) {
             return list_rules(token, t.organization);
           });
  rows.Add("ListAccessRules(identity)", kOrgRead,
           [list_rules](const std::string& token, const Target& t) {
             return list_rules(token, t.identity);
           });
}

void AuthorizationMatrixTest::AddAccessRuleChangeRows(RowList& rows) {
  auto update_rule = [&](const std::string& token, const std::string& name) {
    v1::UpdateAccessRuleRequest r;
    r.mutable_access_rule()->set_name(name);
    r.mutable_access_rule()->set_note(absl::StrCat("note ", ++counter_));
    r.mutable_update_mask()->add_paths("note");
    v1::AccessRule out;
    return api_.access_rules().UpdateAccessRule(Ctx(token).get(), r, &out);
  };
  rows.Add("UpdateAccessRule(account)", kAccountWrite,
           [update_rule](const std::string& token, const Target& t) {
             return update_rule(token, t.account_rule);
           });
  rows.Add("UpdateAccessRule(organization)", kOrgWrite,
           [update_rule](const std::string& token, const Target& t) {
             return update_rule(token, t.organization_rule);
           });
  auto delete_rule = [&](const std::string& token, const Target& t) {
    v1::DeleteAccessRuleRequest r;
    r.set_name(t.fresh);
    v1::DeleteAccessRuleResponse out;
    return api_.access_rules().DeleteAccessRule(Ctx(token).get(), r, &out);
  };
  rows.AddPrepared(
      "DeleteAccessRule(account)", kAccountWrite,
      [&](Target& t) { t.fresh = NewRule(t.account); }, delete_rule);
  rows.AddPrepared(
      "DeleteAccessRule(organization)", kOrgWrite,
      [&](Target& t) { t.fresh = NewRule(t.organization); }, delete_rule);
}

void AuthorizationMatrixTest::AddTelemetryRows(RowList& rows) {
  // --- TelemetryService ---
  rows.Add("RecordSignIn", kIngest,
           [&](const std::string& token, const Target& t) {
             v1::RecordSignInResponse out;
             return api_.telemetry().RecordSignIn(Ctx(token).get(),
                                                  QuietSignIn(t), &out);
           });
  rows.Add("RecordEndpointStatus", kIngest,
           [&](const std::string& token, const Target& t) {
             v1::RecordEndpointStatusResponse out;
             return api_.telemetry().RecordEndpointStatus(
                 Ctx(token).get(), QuietEndpoint(t), &out);
           });
}

void AuthorizationMatrixTest::AddManualIsolationRows(RowList& rows) {
  // --- IdentityService: manual isolation and inbox rules (ISO-5/6/8) ---
  rows.Add("IsolateIdentity", kOrgWrite,
           [&](const std::string& token, const Target& t) {
             v1::IsolateIdentityRequest r;
             r.set_name(t.identity);
             r.set_reason("matrix");
             v1::Identity out;
             return api_.identities().IsolateIdentity(Ctx(token).get(), r,
                                                      &out);
           });
  rows.Add("ReleaseIdentity", kOrgWrite,
           [&](const std::string& token, const Target& t) {
             v1::ReleaseIdentityRequest r;
             r.set_name(t.identity);
             r.set_reason("matrix");
             v1::Identity out;
             return api_.identities().ReleaseIdentity(Ctx(token).get(), r,
                                                      &out);
           });
  rows.Add("ListInboxRules", kOrgRead,
           [&](const std::string& token, const Target& t) {
             v1::ListInboxRulesRequest r;
             r.set_parent(t.identity);
             v1::ListInboxRulesResponse out;
             return api_.identities().ListInboxRules(Ctx(token).get(), r, &out);
           });
  // No rule has been seen on the identity, so those allowed to ask learn
  // NOT_FOUND; the others are refused before the lookup.
  rows.Add("EnableInboxRule", kEnableUnseenRule,
           [&](const std::string& token, const Target& t) {
             v1::EnableInboxRuleRequest r;
             r.set_parent(t.identity);
             r.set_rule_id("never-seen");
             v1::EnableInboxRuleResponse out;
             return api_.identities().EnableInboxRule(Ctx(token).get(), r,
                                                      &out);
           });
}

void AuthorizationMatrixTest::AddSocAlertRows(RowList& rows) {
  // --- SocAlertService ---
  rows.Add("ListSocAlerts", kSocOnly,
           [&](const std::string& token, const Target& t) {
             v1::ListSocAlertsRequest r;
             r.set_account(t.account);
             v1::ListSocAlertsResponse out;
             return api_.soc_alerts().ListSocAlerts(Ctx(token).get(), r, &out);
           });
  rows.Add("GetSocAlert", kSocOnly,
           [&](const std::string& token, const Target& t) {
             v1::GetSocAlertRequest r;
             r.set_name(t.soc_alert);
             v1::SocAlert out;
             return api_.soc_alerts().GetSocAlert(Ctx(token).get(), r, &out);
           });
}

void AuthorizationMatrixTest::AddAgentKeyRows(RowList& rows) {
  // --- AgentKeyService (ISO-15): credentials, so admins and the SOC only ---
  rows.Add("CreateAgentKey", kOrgWrite,
           [&](const std::string& token, const Target& t) {
             v1::CreateAgentKeyRequest r;
             r.set_parent(t.organization);
             r.mutable_agent_key()->set_display_name("dc01");
             v1::CreateAgentKeyResponse out;
             return api_.agent_keys().CreateAgentKey(Ctx(token).get(), r, &out);
           });
  rows.Add("ListAgentKeys", kOrgWrite,
           [&](const std::string& token, const Target& t) {
             v1::ListAgentKeysRequest r;
             r.set_parent(t.organization);
             v1::ListAgentKeysResponse out;
             return api_.agent_keys().ListAgentKeys(Ctx(token).get(), r, &out);
           });
  rows.AddPrepared(
      "DeleteAgentKey", kOrgWrite,
      [&](Target& t) {
        t.fresh.clear();
        api_.AgentKey(t.organization, &t.fresh);
      },
      [&](const std::string& token, const Target& t) {
        v1::DeleteAgentKeyRequest r;
        r.set_name(t.fresh);
        v1::DeleteAgentKeyResponse out;
        return api_.agent_keys().DeleteAgentKey(Ctx(token).get(), r, &out);
      });
  // --- AgentService: an agent key, for its own organization (which the
  // key names, not the request); everyone else PERMISSION_DENIED. The
  // streaming ReceiveCommands is pinned in agent_service_test.cc. ---
  rows.Add("AcknowledgeCommand", {PD, PD, PD, PD, PD, PD, PD, PD, OK, OK},
           [&](const std::string& token, const Target&) {
             v1::AcknowledgeCommandRequest r;
             r.set_command_id("cmd-999999");  // not pending: changes nothing
             r.set_outcome(v1::AcknowledgeCommandRequest::SUCCEEDED);
             v1::AcknowledgeCommandResponse out;
             return api_.agent().AcknowledgeCommand(Ctx(token).get(), r, &out);
           });
}

grpc::Status AuthorizationMatrixTest::Watch(
    const std::string& token, const v1::WatchEventsRequest& request) {
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

void AuthorizationMatrixTest::AddEventRows(RowList& rows) {
  // --- EventService (issue 12): the account's events to whoever reads the
  // account; organization users their organization's, never escalation
  // events (ESC-5); every account and the provider-wide events to the SOC.
  // A stream never ends by itself: a cell reads the first message. ---
  auto watch = [&](std::string parent, std::string organization,
                   v1::Event::Type type) {
    return [this, parent, organization, type](const std::string& token,
                                              const Target& t) {
      v1::WatchEventsRequest r;
      r.set_parent(parent.empty() ? t.account : parent);
      if (!organization.empty()) r.set_organization(t.organization);
      if (type != v1::Event::TYPE_UNSPECIFIED) r.add_types(type);
      return Watch(token, r);
    };
  };
  rows.Add("WatchEvents", kOrgRead, watch("", "", v1::Event::TYPE_UNSPECIFIED));
  rows.Add("WatchEvents(organization)", kOrgRead,
           watch("", "org", v1::Event::TYPE_UNSPECIFIED));
  rows.Add("WatchEvents(ESCALATION_OPENED)", {OK, PD, OK, NF, OK, NF, PD, NF},
           watch("", "", v1::Event::ESCALATION_OPENED));
  rows.Add("WatchEvents(SOC_ALERT_RAISED)", {OK, PD, PD, NF, PD, NF, PD, NF},
           watch("", "", v1::Event::SOC_ALERT_RAISED));
  rows.Add("WatchEvents(accounts/-)", {OK, PD, PD, PD, PD, PD, PD, PD},
           watch("accounts/-", "", v1::Event::TYPE_UNSPECIFIED));
}

std::vector<Row> AuthorizationMatrixTest::Rows() {
  RowList rows;
  AddAccountRows(rows);
  AddOrganizationRows(rows);
  AddIdentityRows(rows);
  AddUserRows(rows);
  AddApiKeyRows(rows);
  AddAuditRows(rows);
  AddIncidentRows(rows);
  AddEscalationRows(rows);
  AddAccessRuleRows(rows);
  AddAccessRuleChangeRows(rows);
  AddTelemetryRows(rows);
  AddManualIsolationRows(rows);
  AddSocAlertRows(rows);
  AddAgentKeyRows(rows);
  AddEventRows(rows);
  return rows.Take();
}

TEST_F(AuthorizationMatrixTest, Ten1EveryRpcEveryRoleOwnAndOtherAccount) {
  struct Cell {
    Caller caller;
    const char* name;
    bool own;
    StatusCode Expected::*expected;
  };
  const std::vector<Cell> cells = {
      {Caller::kSoc, "SOC_ANALYST", true, &Expected::soc},
      {Caller::kSoc, "SOC_ANALYST", false, &Expected::soc},
      {Caller::kService, "SERVICE", true, &Expected::service},
      {Caller::kService, "SERVICE", false, &Expected::service},
      {Caller::kAdmin, "ACCOUNT_ADMIN", true, &Expected::admin_own},
      {Caller::kAdmin, "ACCOUNT_ADMIN", false, &Expected::admin_other},
      {Caller::kUser, "ACCOUNT_USER", true, &Expected::user_own},
      {Caller::kUser, "ACCOUNT_USER", false, &Expected::user_other},
      {Caller::kOrgUser, "ORGANIZATION_USER", true, &Expected::org_own},
      {Caller::kOrgUser, "ORGANIZATION_USER", false, &Expected::org_other},
      {Caller::kAgent, "AGENT", true, &Expected::agent_own},
      {Caller::kAgent, "AGENT", false, &Expected::agent_other},
  };
  int checked = 0;
  for (const Row& row : Rows()) {
    for (const Cell& cell : cells) {
      Target& target = cell.own ? own_ : other_;
      const StatusCode expected = row.expected.*cell.expected;
      if (row.prepare) row.prepare(target);
      const std::string before = Snapshot();
      const grpc::Status status = row.call(tokens_.at(cell.caller), target);
      EXPECT_EQ(status.error_code(), expected)
          << row.rpc << " as " << cell.name << " on "
          << (cell.own ? "own" : "another")
          << " account: " << status.error_message();
      if (expected != OK && status.error_code() != OK) {
        // Refused: nothing stored may have changed.
        EXPECT_EQ(Snapshot(), before)
            << row.rpc << " as " << cell.name << " on "
            << (cell.own ? "own" : "another") << " account changed stored data";
      }
      ++checked;
    }
  }
  // 68 RPC rows (26 of the foundation, 4 manual isolation and inbox rules,
  // 7 incident report, 4 escalation, 12 access rule, 2 telemetry, 2 SOC
  // alert, 1 CheckM365Access, 1 TestPsaIntegration, 3 agent key, 1 agent,
  // 5 WatchEvents) x 12 cells: every RPC, and the table cannot shrink
  // unnoticed.
  EXPECT_EQ(checked, 68 * 12);
}

// An organization user asking for another organization of its own account
// gets NOT_FOUND, the same as for one that does not exist.
TEST_F(AuthorizationMatrixTest,
       Ten1OrganizationUserCannotSeeASiblingOrganization) {
  v1::CreateOrganizationRequest org;
  org.set_parent(own_.account);
  org.mutable_organization()->set_display_name("Sibling");
  v1::Organization sibling;
  ASSERT_TRUE(api_.organizations()
                  .CreateOrganization(Ctx(Soc()).get(), org, &sibling)
                  .ok());
  const std::string& token = tokens_.at(Caller::kOrgUser);
  v1::GetOrganizationRequest get;
  get.set_name(sibling.name());
  v1::Organization out;
  EXPECT_EQ(api_.organizations()
                .GetOrganization(Ctx(token).get(), get, &out)
                .error_code(),
            NF);
  v1::ListIdentitiesRequest list;
  list.set_parent(sibling.name());
  v1::ListIdentitiesResponse identities;
  EXPECT_EQ(api_.identities()
                .ListIdentities(Ctx(token).get(), list, &identities)
                .error_code(),
            NF);
  v1::ListOrganizationsRequest all;
  all.set_parent(own_.account);
  v1::ListOrganizationsResponse orgs;
  ASSERT_TRUE(api_.organizations()
                  .ListOrganizations(Ctx(token).get(), all, &orgs)
                  .ok());
  ASSERT_EQ(orgs.organizations_size(), 1);
  EXPECT_EQ(orgs.organizations(0).name(), own_.organization);
}

}  // namespace authorization_matrix_test
}  // namespace cordon
