#include "tools/cordonctl/resources.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "cordon/v1/access_rule.pb.h"
#include "cordon/v1/account.pb.h"
#include "cordon/v1/api_key.pb.h"
#include "cordon/v1/audit.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/event.pb.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/incident.pb.h"
#include "cordon/v1/organization.pb.h"
#include "cordon/v1/user.pb.h"
#include "tools/cordonctl/shapers.h"

namespace cordonctl {
namespace {

namespace v1 = ::cordon::v1;
constexpr auto kTime = Column::kTime;
constexpr char kAcct[] = "accounts/a1";
constexpr char kOrg[] = "accounts/a1/organizations/o1";

Resource Accounts() {
  return {
      "accounts",
      {"account", "acct"},
      "partners (MSPs) of the provider",
      "cordon.v1.AccountService",
      &v1::Account::descriptor,
      "GetAccount",
      "ListAccounts",
      "CreateAccount",
      "UpdateAccount",
      "DeleteAccount",
      "",
      "accounts/{a}",
      "",
      kAcct,
      "--display-name='Contoso MSP'",
      "--settings.identity-isolation-enabled=false",
      "",
      {{"NAME", "name"},
       {"DISPLAY NAME", "display_name"},
       {"ISOLATION", "settings.identity_isolation_enabled"},
       {"RECIPIENTS", "settings.notification_recipients", Column::kText, true},
       {"UPDATED", "update_time", kTime, true},
       {"AGE", "create_time", kTime}},
      {{"test-psa", "TestPsaIntegration",
        "sends a test ticket through the account's PSA integration", ""}}};
}

Resource Orgs() {
  return {
      "orgs",
      {"organizations", "organization", "org"},
      "customers of an account",
      "cordon.v1.OrganizationService",
      &v1::Organization::descriptor,
      "GetOrganization",
      "ListOrganizations",
      "CreateOrganization",
      "UpdateOrganization",
      "DeleteOrganization",
      "accounts/{a}",
      "accounts/{a}/organizations/{o}",
      kAcct,
      kOrg,
      "--display-name=Contoso --m365-tenant-id="
      "0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b",
      "--excluded-from-isolation=true",
      "excluded_from_isolation = true",
      {{"NAME", "name"},
       {"DISPLAY NAME", "display_name"},
       {"TENANT", "m365_tenant_id"},
       {"EXCLUDED", "excluded_from_isolation"},
       {"INVENTORY", "inventory.last_outcome", Column::kText, true},
       {"UPDATED", "update_time", kTime, true},
       {"AGE", "create_time", kTime}},
      {{"sync", "SyncInventory", "runs the inventory of Microsoft 365 now", ""},
       {"check-m365", "CheckM365Access",
        "checks the Microsoft 365 consent and permissions", ""}}};
}

Resource Identities() {
  return {"identities",
          {"identity", "id"},
          "the people of an organization",
          "cordon.v1.IdentityService",
          &v1::Identity::descriptor,
          "GetIdentity",
          "ListIdentities",
          "CreateIdentity",
          "UpdateIdentity",
          "DeleteIdentity",
          "accounts/{a}/organizations/{o}",
          "accounts/{a}/organizations/{o}/identities/{i}",
          kOrg,
          "accounts/a1/organizations/o1/identities/i1",
          "--upn=alice@contoso.com --display-name='Alice Doe' "
          "--source=CLOUD_ONLY --usage-location=NL",
          "--excluded-from-isolation=true",
          "isolation_state = ISOLATED",
          {{"NAME", "name"},
           {"UPN", "upn"},
           {"STATE", "isolation_state"},
           {"SOURCE", "source"},
           {"DISPLAY NAME", "display_name", Column::kText, true},
           {"EXCLUDED", "excluded_from_isolation", Column::kText, true},
           {"LOCATION", "usage_location", Column::kText, true},
           {"AGE", "create_time", kTime}},
          {{"isolate", "IsolateIdentity",
            "revokes sessions, disables the identity and its suspicious inbox "
            "rules (ISO-3)",
            "--reason='phished'"},
           {"release", "ReleaseIdentity", "re-enables an isolated identity",
            "--reason='false positive'"}}};
}

Resource Users() {
  return {"users",
          {"user"},
          "people who use Cordon for an account",
          "cordon.v1.UserService",
          &v1::User::descriptor,
          "GetUser",
          "ListUsers",
          "CreateUser",
          "UpdateUser",
          "DeleteUser",
          "accounts/{a}",
          "accounts/{a}/users/{u}",
          kAcct,
          "accounts/a1/users/u1",
          "--email=bob@msp.example --display-name=Bob --role=ACCOUNT_ADMIN",
          "--role=ACCOUNT_USER",
          "role = ACCOUNT_ADMIN",
          {{"NAME", "name"},
           {"EMAIL", "email"},
           {"ROLE", "role"},
           {"DISPLAY NAME", "display_name", Column::kText, true},
           {"ORGANIZATION", "organization", Column::kText, true},
           {"AGE", "create_time", kTime}},
          {}};
}

Resource Keys() {
  return {
      "keys",
      {"key", "apikeys", "apikey"},
      "API keys (secrets shown once)",
      "cordon.v1.ApiKeyService",
      &v1::ApiKey::descriptor,
      "",
      "ListApiKeys",
      "CreateApiKey",
      "",
      "",
      "",
      "apiKeys/{k}",
      "",
      "apiKeys/k1",
      "--display-name=ci --user=accounts/a1/users/u1",
      "",
      "state = ACTIVE",
      {{"NAME", "name"},
       {"DISPLAY NAME", "display_name"},
       {"ROLE", "role"},
       {"STATE", "state"},
       {"USER", "user", Column::kText, true},
       {"ACCOUNT", "account", Column::kText, true},
       {"REVOKED", "revoke_time", kTime, true},
       {"AGE", "create_time", kTime}},
      {{"revoke", "RevokeApiKey", "revokes a key (it stops working now)", ""}}};
}

Resource Reports() {
  return {"reports",
          {"report", "incidentreports"},
          "incident reports the SOC sends to an organization",
          "cordon.v1.IncidentService",
          &v1::IncidentReport::descriptor,
          "GetIncidentReport",
          "ListIncidentReports",
          "CreateIncidentReport",
          "UpdateIncidentReport",
          "",
          "accounts/{a}/organizations/{o}",
          "accounts/{a}/organizations/{o}/incidentReports/{r}",
          kOrg,
          "accounts/a1/organizations/o1/incidentReports/r1",
          "--title='Sign-in from a known-bad IP' --severity=CRITICAL "
          "--isolation-worthy --identities="
          "accounts/a1/organizations/o1/identities/i1",
          "--summary='Seen again at 10:02'",
          "status = SENT",
          {{"NAME", "name"},
           {"TITLE", "title"},
           {"SEVERITY", "severity"},
           {"STATUS", "status"},
           {"IDENTITIES", "#identities", Column::kText, true},
           {"ACTIONS", "#response_actions", Column::kText, true},
           {"SENT", "send_time", kTime, true},
           {"AGE", "create_time", kTime}},
          {{"send", "SendIncidentReport",
            "sends a draft: isolation starts if it is isolation-worthy", ""},
           {"resolve", "ResolveIncidentReport",
            "closes a sent report and releases its identities (ISO-4)", ""},
           {"reject", "RejectIncidentReport",
            "closes a sent report as a false positive (ISO-4)", ""}}};
}

Resource Escalations() {
  return {"escalations",
          {"escalation", "esc"},
          "what needs a partner admin's answer (ESC-2)",
          "cordon.v1.EscalationService",
          &v1::Escalation::descriptor,
          "GetEscalation",
          "ListEscalations",
          "CreateEscalation",
          "",
          "",
          "accounts/{a}",
          "accounts/{a}/escalations/{e}",
          kAcct,
          "accounts/a1/escalations/e1",
          "--type=HOST_ISOLATION_ORG_WIDE --organization="
          "accounts/a1/organizations/o1 --question='Isolate every host?'",
          "",
          "status = OPEN",
          {{"NAME", "name"},
           {"TYPE", "type"},
           {"SEVERITY", "severity"},
           {"STATUS", "status"},
           {"SUBJECT", "subject", Column::kText, true},
           {"ORGANIZATION", "organization", Column::kText, true},
           {"ANSWERS", "allowed_answers", Column::kText, true},
           {"DUE", "due_time", kTime},
           {"AGE", "create_time", kTime}},
          {{"answer",
            "AnswerEscalation",
            "answers it (ESC-8): --expected|--unauthorized --scope=identity|"
            "organization|account, --dismiss, --integration-fixed, "
            "--retry-access, --acknowledge or --confirm-isolations; --note",
            "--expected --scope=organization --note='staff travel'",
            &ShapeAnswer,
            {"expected", "unauthorized", "scope=identity|organization|account",
             "dismiss", "integration-fixed", "retry-access", "acknowledge",
             "confirm-isolations", "note=TEXT"}}}};
}

Resource Rules() {
  return {"rules",
          {"rule", "accessrules"},
          "access rules: expected or unauthorized countries, VPNs, addresses",
          "cordon.v1.AccessRuleService",
          &v1::AccessRule::descriptor,
          "GetAccessRule",
          "ListAccessRules",
          "CreateAccessRule",
          "UpdateAccessRule",
          "DeleteAccessRule",
          "accounts/{a}[/organizations/{o}[/identities/{i}]]",
          "{scope}/accessRules/{r}",
          kOrg,
          "accounts/a1/organizations/o1/accessRules/r1",
          "--country=NL --determination=EXPECTED --note='office'",
          "--note='office in Amsterdam'",
          "determination = EXPECTED",
          {{"NAME", "name"},
           {"TARGET", "country|vpn_provider|ip_address"},
           {"DETERMINATION", "determination"},
           {"NOTE", "note", Column::kText, true},
           {"EXPIRES", "expire_time", kTime},
           {"AGE", "create_time", kTime}},
          {}};
}

Resource Audit() {
  return {"audit",
          {"auditevents"},
          "the audit log of mutating calls",
          "cordon.v1.AuditService",
          &v1::AuditEvent::descriptor,
          "",
          "ListAuditEvents",
          "",
          "",
          "",
          "accounts/{a}",
          "",
          kAcct,
          "",
          "",
          "",
          "",
          {{"TIME", "time", kTime},
           {"PRINCIPAL", "principal"},
           {"METHOD", "method"},
           {"RESOURCE", "resource"},
           {"OUTCOME", "outcome"},
           {"SUMMARY", "summary", Column::kText, true}},
          {}};
}

Resource Events() {
  return {"events",
          {"event"},
          "the account's event stream (resumable)",
          "cordon.v1.EventService",
          &v1::Event::descriptor,
          "",
          "",
          "",
          "",
          "",
          "accounts/{a}",
          "",
          kAcct,
          "",
          "",
          "",
          "",
          {},
          {{"watch",
            "WatchEvents",
            "follows the stream, one line per event, resuming by cursor",
            "--type=REPORT_SENT,IDENTITY_STATE_CHANGED --limit=10",
            &ShapeWatch,
            {"type=TYPE,...", "limit=N"}}}};
}

std::vector<Resource>* BuildResources() {
  return new std::vector<Resource>{
      Accounts(), Orgs(),        Identities(), Users(), Keys(),
      Reports(),  Escalations(), Rules(),      Audit(), Events()};
}

}  // namespace

const std::vector<Resource>& Resources() {
  static const std::vector<Resource>* const kResources = BuildResources();
  return *kResources;
}

const Resource* FindResource(const std::string& noun) {
  for (const Resource& resource : Resources()) {
    if (noun == resource.noun ||
        std::find(resource.aliases.begin(), resource.aliases.end(), noun) !=
            resource.aliases.end()) {
      return &resource;
    }
  }
  return nullptr;
}

std::vector<std::string> Verbs(const Resource& resource) {
  std::vector<std::string> verbs;
  const std::pair<const char*, const char*> standard[] = {
      {"get", resource.get},
      {"list", resource.list},
      {"create", resource.create},
      {"update", resource.update},
      {"delete", resource.del}};
  for (const auto& [verb, rpc] : standard) {
    if (*rpc != '\0') verbs.push_back(verb);
  }
  for (const Action& action : resource.actions) verbs.push_back(action.verb);
  return verbs;
}

const Action* FindAction(const Resource& resource, const std::string& verb) {
  for (const Action& action : resource.actions) {
    if (verb == action.verb) return &action;
  }
  return nullptr;
}

std::string RpcFor(const Resource& resource, const std::string& verb) {
  if (verb == "get") return resource.get;
  if (verb == "list") return resource.list;
  if (verb == "create") return resource.create;
  if (verb == "update") return resource.update;
  if (verb == "delete") return resource.del;
  const Action* action = FindAction(resource, verb);
  return action == nullptr ? "" : action->rpc;
}

const google::protobuf::MethodDescriptor* Method(const Resource& resource,
                                                 const std::string& rpc) {
  resource.descriptor();  // links the file that declares the service
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          resource.service);
  return service == nullptr || rpc.empty() ? nullptr
                                           : service->FindMethodByName(rpc);
}

std::string MethodPath(const google::protobuf::MethodDescriptor& method) {
  return absl::StrCat("/", method.service()->full_name(), "/", method.name());
}

}  // namespace cordonctl
