#include "tools/cordonctl/resources.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "cordon/v1/access_rule.pb.h"
#include "cordon/v1/account.pb.h"
#include "cordon/v1/api_key.pb.h"
#include "cordon/v1/audit.pb.h"
#include "cordon/v1/backup.pb.h"
#include "cordon/v1/escalation.pb.h"
#include "cordon/v1/event.pb.h"
#include "cordon/v1/identity.pb.h"
#include "cordon/v1/incident.pb.h"
#include "cordon/v1/organization.pb.h"
#include "cordon/v1/status.pb.h"
#include "cordon/v1/user.pb.h"
#include "tools/cordonctl/command.h"
#include "tools/cordonctl/shapers.h"

namespace cordonctl {
namespace {

namespace v1 = ::cordon::v1;
constexpr auto kTime = Column::kTime;
constexpr char kAcct[] = "accounts/a1";
constexpr char kOrg[] = "accounts/a1/organizations/o1";

Resource Accounts() {
  return {
      .noun = "accounts",
      .aliases = {"account", "acct"},
      .summary = "partners (MSPs) of the provider",
      .service = "cordon.v1.AccountService",
      .descriptor = &v1::Account::descriptor,
      .get = "GetAccount",
      .list = "ListAccounts",
      .create = "CreateAccount",
      .update = "UpdateAccount",
      .del = "DeleteAccount",
      .name_pattern = "accounts/{a}",
      .example_name = kAcct,
      .example_create = "--display-name='Contoso MSP'",
      .example_update = "--settings.identity-isolation-enabled=false",
      .columns = {{"NAME", "name"},
                  {"DISPLAY NAME", "display_name"},
                  {"ISOLATION", "settings.identity_isolation_enabled"},
                  {"RECIPIENTS", "settings.notification_recipients",
                   Column::kText, true},
                  {"UPDATED", "update_time", kTime, true},
                  {"AGE", "create_time", kTime}},
      .actions = {{"test-psa", "TestPsaIntegration",
                   "sends a test ticket through the account's PSA integration",
                   ""}}};
}

Resource Orgs() {
  return {
      .noun = "orgs",
      .aliases = {"organizations", "organization", "org"},
      .summary = "customers of an account",
      .service = "cordon.v1.OrganizationService",
      .descriptor = &v1::Organization::descriptor,
      .get = "GetOrganization",
      .list = "ListOrganizations",
      .create = "CreateOrganization",
      .update = "UpdateOrganization",
      .del = "DeleteOrganization",
      .parent_pattern = "accounts/{a}",
      .name_pattern = "accounts/{a}/organizations/{o}",
      .example_parent = kAcct,
      .example_name = kOrg,
      .example_create =
          "--display-name=Contoso --m365-tenant-id="
          "0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b",
      .example_update = "--excluded-from-isolation=true",
      .example_filter = "excluded_from_isolation = true",
      .columns = {{"NAME", "name"},
                  {"DISPLAY NAME", "display_name"},
                  {"TENANT", "m365_tenant_id"},
                  {"EXCLUDED", "excluded_from_isolation"},
                  {"INVENTORY", "inventory.last_outcome", Column::kText, true},
                  {"UPDATED", "update_time", kTime, true},
                  {"AGE", "create_time", kTime}},
      .actions = {{"sync", "SyncInventory",
                   "runs the inventory of Microsoft 365 now", ""},
                  {"check-m365", "CheckM365Access",
                   "checks the Microsoft 365 consent and permissions", ""}}};
}

Resource Identities() {
  return {
      .noun = "identities",
      .aliases = {"identity", "id"},
      .summary = "the people of an organization",
      .service = "cordon.v1.IdentityService",
      .descriptor = &v1::Identity::descriptor,
      .get = "GetIdentity",
      .list = "ListIdentities",
      .create = "CreateIdentity",
      .update = "UpdateIdentity",
      .del = "DeleteIdentity",
      .parent_pattern = "accounts/{a}/organizations/{o}",
      .name_pattern = "accounts/{a}/organizations/{o}/identities/{i}",
      .example_parent = kOrg,
      .example_name = "accounts/a1/organizations/o1/identities/i1",
      .example_create =
          "--upn=alice@contoso.com --display-name='Alice Doe' "
          "--source=CLOUD_ONLY --usage-location=NL",
      .example_update = "--excluded-from-isolation=true",
      .example_filter = "isolation_state = ISOLATED",
      .columns = {{"NAME", "name"},
                  {"UPN", "upn"},
                  {"STATE", "isolation_state"},
                  {"SOURCE", "source"},
                  {"DISPLAY NAME", "display_name", Column::kText, true},
                  {"EXCLUDED", "excluded_from_isolation", Column::kText, true},
                  {"LOCATION", "usage_location", Column::kText, true},
                  {"AGE", "create_time", kTime}},
      .actions = {
          {"isolate", "IsolateIdentity",
           "revokes sessions, disables the identity and its suspicious inbox "
           "rules (ISO-3)",
           "--reason='phished'"},
          {"release", "ReleaseIdentity", "re-enables an isolated identity",
           "--reason='false positive'"}}};
}

Resource Users() {
  return {.noun = "users",
          .aliases = {"user"},
          .summary = "people who use Cordon for an account",
          .service = "cordon.v1.UserService",
          .descriptor = &v1::User::descriptor,
          .get = "GetUser",
          .list = "ListUsers",
          .create = "CreateUser",
          .update = "UpdateUser",
          .del = "DeleteUser",
          .parent_pattern = "accounts/{a}",
          .name_pattern = "accounts/{a}/users/{u}",
          .example_parent = kAcct,
          .example_name = "accounts/a1/users/u1",
          .example_create =
              "--email=bob@msp.example --display-name=Bob --role=ACCOUNT_ADMIN",
          .example_update = "--role=ACCOUNT_USER",
          .example_filter = "role = ACCOUNT_ADMIN",
          .columns = {{"NAME", "name"},
                      {"EMAIL", "email"},
                      {"ROLE", "role"},
                      {"DISPLAY NAME", "display_name", Column::kText, true},
                      {"ORGANIZATION", "organization", Column::kText, true},
                      {"AGE", "create_time", kTime}}};
}

Resource Keys() {
  return {.noun = "keys",
          .aliases = {"key", "apikeys", "apikey"},
          .summary = "API keys (secrets shown once)",
          .service = "cordon.v1.ApiKeyService",
          .descriptor = &v1::ApiKey::descriptor,
          .get = "GetApiKey",
          .list = "ListApiKeys",
          .create = "CreateApiKey",
          .name_pattern = "apiKeys/{k}",
          .example_name = "apiKeys/k1",
          .example_create = "--display-name=ci --user=accounts/a1/users/u1",
          .example_filter = "state = ACTIVE",
          .columns = {{"NAME", "name"},
                      {"DISPLAY NAME", "display_name"},
                      {"ROLE", "role"},
                      {"STATE", "state"},
                      {"USER", "user", Column::kText, true},
                      {"ACCOUNT", "account", Column::kText, true},
                      {"EXPIRES", "expire_time", kTime, true},
                      {"REVOKED", "revoke_time", kTime, true},
                      {"AGE", "create_time", kTime}},
          .actions = {{"revoke", "RevokeApiKey",
                       "revokes a key (it stops working now)", ""},
                      {"rotate",
                       "RevokeApiKey",
                       "a new key with the same user or role (and "
                       "lifetime), its secret written, then the old one "
                       "revoked",
                       "--write-key-file=$HOME/.config/cordon/key",
                       nullptr,
                       {"write-key-file=PATH", "expire-time=RFC3339"},
                       &RunRotate}}};
}

Resource Reports() {
  return {.noun = "reports",
          .aliases = {"report", "incidentreports"},
          .summary = "incident reports the SOC sends to an organization",
          .service = "cordon.v1.IncidentService",
          .descriptor = &v1::IncidentReport::descriptor,
          .get = "GetIncidentReport",
          .list = "ListIncidentReports",
          .create = "CreateIncidentReport",
          .update = "UpdateIncidentReport",
          .parent_pattern = "accounts/{a}/organizations/{o}",
          .name_pattern = "accounts/{a}/organizations/{o}/incidentReports/{r}",
          .example_parent = kOrg,
          .example_name = "accounts/a1/organizations/o1/incidentReports/r1",
          .example_create =
              "--title='Sign-in from a known-bad IP' --severity=CRITICAL "
              "--isolation-worthy --identities="
              "accounts/a1/organizations/o1/identities/i1",
          .example_update = "--summary='Seen again at 10:02'",
          .example_filter = "status = SENT",
          .columns = {{"NAME", "name"},
                      {"TITLE", "title"},
                      {"SEVERITY", "severity"},
                      {"STATUS", "status"},
                      {"IDENTITIES", "#identities", Column::kText, true},
                      {"ACTIONS", "#response_actions", Column::kText, true},
                      // Issue 14: the figure, or why there is none yet.
                      {"CONTAINED IN", "time_to_contain|containment_state"},
                      {"SENT", "send_time", kTime, true},
                      {"AGE", "create_time", kTime}},
          .actions = {
              {"send", "SendIncidentReport",
               "sends a draft: isolation starts if it is isolation-worthy", ""},
              {"resolve", "ResolveIncidentReport",
               "closes a sent report and releases its identities (ISO-4)", ""},
              {"reject", "RejectIncidentReport",
               "closes a sent report as a false positive (ISO-4)", ""}}};
}

Resource Escalations() {
  return {
      .noun = "escalations",
      .aliases = {"escalation", "esc"},
      .summary = "what needs a partner admin's answer (ESC-2)",
      .service = "cordon.v1.EscalationService",
      .descriptor = &v1::Escalation::descriptor,
      .get = "GetEscalation",
      .list = "ListEscalations",
      .create = "CreateEscalation",
      .parent_pattern = "accounts/{a}",
      .name_pattern = "accounts/{a}/escalations/{e}",
      .example_parent = kAcct,
      .example_name = "accounts/a1/escalations/e1",
      .example_create =
          "--type=HOST_ISOLATION_ORG_WIDE --organization="
          "accounts/a1/organizations/o1 --question='Isolate every host?'",
      .example_filter = "status = OPEN",
      .columns = {{"NAME", "name"},
                  {"TYPE", "type"},
                  {"SEVERITY", "severity"},
                  {"STATUS", "status"},
                  {"SUBJECT", "subject", Column::kText, true},
                  {"ORGANIZATION", "organization", Column::kText, true},
                  {"ANSWERS", "allowed_answers", Column::kText, true},
                  {"DUE", "due_time", kTime},
                  {"AGE", "create_time", kTime}},
      .actions = {
          {"answer",
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
  return {
      .noun = "rules",
      .aliases = {"rule", "accessrules"},
      .summary =
          "access rules: expected or unauthorized countries, VPNs, addresses",
      .service = "cordon.v1.AccessRuleService",
      .descriptor = &v1::AccessRule::descriptor,
      .get = "GetAccessRule",
      .list = "ListAccessRules",
      .create = "CreateAccessRule",
      .update = "UpdateAccessRule",
      .del = "DeleteAccessRule",
      .parent_pattern = "accounts/{a}[/organizations/{o}[/identities/{i}]]",
      .name_pattern = "{scope}/accessRules/{r}",
      .example_parent = kOrg,
      .example_name = "accounts/a1/organizations/o1/accessRules/r1",
      .example_create = "--country=NL --determination=EXPECTED --note='office'",
      .example_update = "--note='office in Amsterdam'",
      .example_filter = "determination = EXPECTED",
      .columns = {{"NAME", "name"},
                  {"TARGET", "country|vpn_provider|ip_address"},
                  {"DETERMINATION", "determination"},
                  {"NOTE", "note", Column::kText, true},
                  {"EXPIRES", "expire_time", kTime},
                  {"AGE", "create_time", kTime}}};
}

Resource Audit() {
  return {.noun = "audit",
          .aliases = {"auditevents"},
          .summary = "the audit log of mutating calls",
          .service = "cordon.v1.AuditService",
          .descriptor = &v1::AuditEvent::descriptor,
          .list = "ListAuditEvents",
          .parent_pattern = "accounts/{a}",
          .example_parent = kAcct,
          .columns = {{"TIME", "time", kTime},
                      {"PRINCIPAL", "principal"},
                      {"METHOD", "method"},
                      {"RESOURCE", "resource"},
                      {"OUTCOME", "outcome"},
                      {"SUMMARY", "summary", Column::kText, true}}};
}

Resource Events() {
  return {
      .noun = "events",
      .aliases = {"event"},
      .summary = "the account's event stream (resumable)",
      .service = "cordon.v1.EventService",
      .descriptor = &v1::Event::descriptor,
      .parent_pattern = "accounts/{a}",
      .example_parent = kAcct,
      .actions = {{"watch",
                   "WatchEvents",
                   "follows the stream, one line per event, resuming by cursor",
                   "--type=REPORT_SENT,IDENTITY_STATE_CHANGED --limit=10",
                   &ShapeWatch,
                   {"type=TYPE,...", "limit=N"}}}};
}

// Issue 14: one answer, not a list: counts here, every entry with -o yaml.
Resource Status() {
  return {.noun = "status",
          .aliases = {"dependencies"},
          .summary = "how Graph, the PSA, SMTP and the agents answer",
          .service = "cordon.v1.StatusService",
          .descriptor = &v1::DependencyStatus::descriptor,
          .parent_pattern = "accounts/{a}",
          .example_parent = kAcct,
          .columns = {{"READ", "read_time", kTime},
                      {"TENANTS", "#graph_tenants"},
                      {"PSA", "#psa"},
                      {"AGENTS", "#agents"},
                      {"SMTP", "smtp.deliveries.state"},
                      {"SINCE", "start_time", kTime}},
          .actions = {{"dependencies", "GetDependencyStatus",
                       "each dependency's last success and failure (an "
                       "account's, or without PARENT the whole server's, "
                       "SMTP included); -o yaml lists them",
                       ""}}};
}

// Issue 14: a consistent backup of the whole server into its --backup_dir
// (SOC analysts). `create` names the backup, like an action.
Resource Backups() {
  return {.noun = "backups",
          .aliases = {"backup"},
          .summary = "consistent backups of the whole server (SOC analysts)",
          .service = "cordon.v1.BackupService",
          .descriptor = &v1::Backup::descriptor,
          .name_pattern = "[a-z0-9-]{1,64}",
          .example_name = "nightly-2026-12-07",
          .columns = {{"NAME", "name"},
                      {"PATH", "path"},
                      {"SIZE (BYTES)", "size_bytes"},
                      {"FILES", "file_count"},
                      {"AGE", "create_time", kTime}},
          .actions = {{"create", "CreateBackup",
                       "writes a consistent checkpoint of the server's "
                       "database into <--backup_dir>/NAME on the server",
                       ""}}};
}

std::vector<Resource>* BuildResources() {
  return new std::vector<Resource>{
      Accounts(),    Orgs(),  Identities(), Users(),  Keys(),   Reports(),
      Escalations(), Rules(), Audit(),      Events(), Status(), Backups()};
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
  if (const Action* action = FindAction(resource, verb)) return action->rpc;
  if (verb == "get") return resource.get;
  if (verb == "list") return resource.list;
  if (verb == "create") return resource.create;
  if (verb == "update") return resource.update;
  if (verb == "delete") return resource.del;
  return "";
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
