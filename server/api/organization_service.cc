#include "server/api/organization_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/api/authorization.h"
#include "server/api/authorized_name.h"
#include "server/api/filter_terms.h"
#include "server/api/m365_access_response.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/core/resource_name.h"

namespace cordon::api {
namespace {

using cordon::v1::Organization;

const std::vector<core::FilterField>& OrganizationFilterFields() {
  static const auto* fields = new std::vector<core::FilterField>{
      {"excluded_from_isolation", {"true", "false"}}};
  return *fields;
}

// ISO-15: the agent fields are the agent's to report; a client's are
// ignored (output only).
Organization WithoutAgentReport(const Organization& input) {
  Organization organization = input;
  if (organization.has_on_prem_ad_server()) {
    organization.mutable_on_prem_ad_server()->Clear();
  }
  return organization;
}

void ShowPresence(const engine::AgentPresence& presence,
                  Organization* organization) {
  if (!organization->has_on_prem_ad_server()) return;
  organization->mutable_on_prem_ad_server()->set_agent_connected(
      presence.ConfirmsConnected(*organization));
}

}  // namespace

grpc::Status OrganizationService::CreateOrganization(
    grpc::ServerContext* context,
    const cordon::v1::CreateOrganizationRequest* request,
    Organization* response) {
  const CallInfo info{
      MethodName<cordon::v1::OrganizationService>("CreateOrganization"), true,
      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::AccountName parent,
        ParseAndAuthorize(principal, Access::kWrite, "parent",
                          request->parent(), core::ParseAccountName));
    CORDON_RETURN_IF_ERROR(CheckRequestId(request->request_id()));
    CORDON_ASSIGN_OR_RETURN(
        *response,
        organizations_->Create(
            principal.actor, parent.account,
            WithoutAgentReport(request->organization()),
            MakeIdempotentCall(parent.account, info.method, *request)));
    return absl::OkStatus();
  });
}

grpc::Status OrganizationService::GetOrganization(
    grpc::ServerContext* context,
    const cordon::v1::GetOrganizationRequest* request, Organization* response) {
  const CallInfo info{
      MethodName<cordon::v1::OrganizationService>("GetOrganization"), false,
      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName name,
        ParseAndAuthorize(principal, Access::kRead, "name", request->name(),
                          core::ParseOrganizationName));
    CORDON_ASSIGN_OR_RETURN(
        *response, organizations_->Get(name.account, name.organization));
    ShowPresence(*agent_presence_, response);
    return absl::OkStatus();
  });
}

grpc::Status OrganizationService::ListOrganizations(
    grpc::ServerContext* context,
    const cordon::v1::ListOrganizationsRequest* request,
    cordon::v1::ListOrganizationsResponse* response) {
  const CallInfo info{
      MethodName<cordon::v1::OrganizationService>("ListOrganizations"), false,
      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::AccountName parent,
        ParseField("parent", request->parent(), core::ParseAccountName));
    engine::OrganizationManager::ListQuery query;
    if (principal.key.role == cordon::v1::ORGANIZATION_USER) {
      // It sees its own organization and nothing else; another account
      // stays NOT_FOUND (TEN-1).
      CORDON_RETURN_IF_ERROR(Authorize(
          principal, Access::kRead,
          {parent.account, principal.key.organization}, request->parent()));
      query.organization = principal.key.organization;
    } else {
      CORDON_RETURN_IF_ERROR(Authorize(principal, Access::kRead,
                                       {parent.account, 0}, request->parent()));
    }
    CORDON_ASSIGN_OR_RETURN(
        core::FilterTerms terms,
        ParseFilterField(request->filter(), OrganizationFilterFields()));
    query.excluded_from_isolation = BoolTerm(terms, "excluded_from_isolation");
    const std::string query_key = absl::StrCat(
        info.method, "\n", request->parent(), "\n", request->filter());
    CORDON_ASSIGN_OR_RETURN(engine::PageRequest page,
                            pages_->ReadPage(request->page_size(),
                                             request->page_token(), query_key));
    CORDON_ASSIGN_OR_RETURN(engine::Page<Organization> result,
                            organizations_->List(parent.account, query, page));
    for (Organization& organization : result.items) {
      ShowPresence(*agent_presence_, &organization);
      *response->add_organizations() = std::move(organization);
    }
    response->set_next_page_token(
        pages_->NextPageToken(result.resume_after_key, query_key));
    return absl::OkStatus();
  });
}

grpc::Status OrganizationService::UpdateOrganization(
    grpc::ServerContext* context,
    const cordon::v1::UpdateOrganizationRequest* request,
    Organization* response) {
  const CallInfo info{
      MethodName<cordon::v1::OrganizationService>("UpdateOrganization"), true,
      request->organization().name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(ParseAndAuthorize(principal, Access::kWrite,
                                             "organization.name",
                                             request->organization().name(),
                                             core::ParseOrganizationName)
                               .status());
    CORDON_ASSIGN_OR_RETURN(
        *response,
        organizations_->Update(principal.actor,
                               WithoutAgentReport(request->organization()),
                               request->update_mask()));
    ShowPresence(*agent_presence_, response);
    return absl::OkStatus();
  });
}

grpc::Status OrganizationService::DeleteOrganization(
    grpc::ServerContext* context,
    const cordon::v1::DeleteOrganizationRequest* request,
    cordon::v1::DeleteOrganizationResponse*) {
  const CallInfo info{
      MethodName<cordon::v1::OrganizationService>("DeleteOrganization"), true,
      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName name,
        ParseAndAuthorize(principal, Access::kWrite, "name", request->name(),
                          core::ParseOrganizationName));
    return organizations_->Delete(principal.actor, name.account,
                                  name.organization, request->etag());
  });
}

// ---- CheckM365Access ----

grpc::Status OrganizationService::CheckM365Access(
    grpc::ServerContext* context,
    const cordon::v1::CheckM365AccessRequest* request,
    cordon::v1::CheckM365AccessResponse* response) {
  // Mutating for the audit trail: the check is recorded, and so is a refusal.
  const CallInfo info{
      MethodName<cordon::v1::OrganizationService>("CheckM365Access"), true,
      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName name,
        ParseAndAuthorize(principal, Access::kWrite, "name", request->name(),
                          core::ParseOrganizationName));
    CORDON_ASSIGN_OR_RETURN(
        engine::M365AccessOutcome outcome,
        m365_check_->Check(principal.actor, name.account, name.organization));
    *response = ToCheckM365AccessResponse(outcome);
    return absl::OkStatus();
  });
}

// ---- SyncInventory ----

grpc::Status OrganizationService::SyncInventory(
    grpc::ServerContext* context,
    const cordon::v1::SyncInventoryRequest* request,
    cordon::v1::SyncInventoryResponse* response) {
  const CallInfo info{
      MethodName<cordon::v1::OrganizationService>("SyncInventory"), true,
      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName name,
        ParseAndAuthorize(principal, Access::kWrite, "name", request->name(),
                          core::ParseOrganizationName));
    CORDON_ASSIGN_OR_RETURN(engine::InventoryCounts counts,
                            inventory_->Run(name));
    response->set_added(counts.added);
    response->set_updated(counts.updated);
    response->set_deleted(counts.deleted);
    response->set_drift(counts.drift);
    CORDON_ASSIGN_OR_RETURN(
        Organization org, organizations_->Get(name.account, name.organization));
    *response->mutable_inventory() = org.inventory();
    return absl::OkStatus();
  });
}

}  // namespace cordon::api
