// The rows of the authorization matrix, one function per service: what
// each RPC is called with, and which code each caller must get.

#include "absl/strings/str_cat.h"
#include "tests/integration/authorization_matrix_fixture.h"
#include "tests/support/test_store.h"

namespace cordon::authorization_matrix {

namespace v1 = cordon::v1;

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

void MatrixFixture::AddAccountRows(RowList& rows) {
  rows.Service("AccountService");
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

void MatrixFixture::AddOrganizationRows(RowList& rows) {
  rows.Service("OrganizationService");
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

void MatrixFixture::AddIdentityRows(RowList& rows) {
  rows.Service("IdentityService");
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

void MatrixFixture::AddUserRows(RowList& rows) {
  rows.Service("UserService");
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

void MatrixFixture::AddApiKeyRows(RowList& rows) {
  rows.Service("ApiKeyService");
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
      "GetApiKey", kAccountWrite, [&](Target& t) { t.fresh = FreshKeyName(t); },
      [&](const std::string& token, const Target& t) {
        v1::GetApiKeyRequest r;
        r.set_name(t.fresh);
        v1::ApiKey out;
        return api_.api_keys().GetApiKey(Ctx(token).get(), r, &out);
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

void MatrixFixture::AddAuditRows(RowList& rows) {
  rows.Service("AuditService");
  // --- AuditService ---
  rows.Add("ListAuditEvents", kAccountRead,
           [&](const std::string& token, const Target& t) {
             v1::ListAuditEventsRequest r;
             r.set_parent(t.account);
             v1::ListAuditEventsResponse out;
             return api_.audit().ListAuditEvents(Ctx(token).get(), r, &out);
           });
}

void MatrixFixture::AddIncidentRows(RowList& rows) {
  rows.Service("IncidentService");
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

void MatrixFixture::AddEscalationRows(RowList& rows) {
  rows.Service("EscalationService");
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

void MatrixFixture::AddAccessRuleRows(RowList& rows) {
  rows.Service("AccessRuleService");
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

void MatrixFixture::AddAccessRuleChangeRows(RowList& rows) {
  rows.Service("AccessRuleService");
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

void MatrixFixture::AddTelemetryRows(RowList& rows) {
  rows.Service("TelemetryService");
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

void MatrixFixture::AddManualIsolationRows(RowList& rows) {
  rows.Service("IdentityService");
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

void MatrixFixture::AddSocAlertRows(RowList& rows) {
  rows.Service("SocAlertService");
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

void MatrixFixture::AddStatusRows(RowList& rows) {
  rows.Service("StatusService");
  // --- StatusService (issue 14): an account's dependencies to whoever
  // reads the account; the whole server's (SMTP too) to the SOC only. ---
  auto status = [&](bool whole_server) {
    return [this, whole_server](const std::string& token, const Target& t) {
      v1::GetDependencyStatusRequest r;
      if (!whole_server) r.set_parent(t.account);
      v1::DependencyStatus out;
      return api_.status().GetDependencyStatus(Ctx(token).get(), r, &out);
    };
  };
  rows.Add("GetDependencyStatus", kAccountRead, status(false));
  rows.Add("GetDependencyStatus(server)", kSocOnly, status(true));
}

void MatrixFixture::AddBackupRows(RowList& rows) {
  rows.Service("BackupService");
  // --- BackupService (issue 14): a copy of every account's data, so SOC
  // analysts only, whatever the name; each cell a name not used before. ---
  // An etcd store takes no backups (etcdctl snapshot save does): there
  // even the SOC is refused, UNIMPLEMENTED; who may ask is checked all the
  // same.
  Expected who = kSocOnly;
  if (testing::TestStoreIsEtcd()) who.soc = grpc::StatusCode::UNIMPLEMENTED;
  rows.AddPrepared(
      "CreateBackup", who,
      [&](Target& t) { t.fresh = absl::StrCat("matrix-", ++counter_); },
      [&](const std::string& token, const Target& t) {
        v1::CreateBackupRequest r;
        r.set_name(t.fresh);
        v1::Backup out;
        return api_.backups().CreateBackup(Ctx(token).get(), r, &out);
      });
}

void MatrixFixture::AddAgentKeyRows(RowList& rows) {
  rows.Service("AgentKeyService");
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
}

void MatrixFixture::AddAgentRows(RowList& rows) {
  rows.Service("AgentService");
  // --- AgentService: an agent key, for its own organization (which the
  // key names, not the request); everyone else PERMISSION_DENIED. ---
  constexpr Expected kAgentOnly{PD, PD, PD, PD, PD, PD, PD, PD, OK, OK};
  rows.Add("ReceiveCommands", kAgentOnly,
           [&](const std::string& token, const Target&) {
             v1::ReceiveCommandsRequest r;
             r.set_version("0.14.22");
             r.set_host("dc01.contoso.local");
             return Receive(token, r);
           });
  rows.Add("AcknowledgeCommand", kAgentOnly,
           [&](const std::string& token, const Target&) {
             v1::AcknowledgeCommandRequest r;
             r.set_command_id("cmd-999999");  // not pending: changes nothing
             r.set_outcome(v1::AcknowledgeCommandRequest::SUCCEEDED);
             v1::AcknowledgeCommandResponse out;
             return api_.agent().AcknowledgeCommand(Ctx(token).get(), r, &out);
           });
}

void MatrixFixture::AddEventRows(RowList& rows) {
  rows.Service("EventService");
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

std::vector<Row> MatrixFixture::Rows() {
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
  AddStatusRows(rows);
  AddBackupRows(rows);
  AddAgentKeyRows(rows);
  AddAgentRows(rows);
  AddEventRows(rows);
  return rows.Take();
}

}  // namespace cordon::authorization_matrix
