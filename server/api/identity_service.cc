#include "server/api/identity_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/api/authorization.h"
#include "server/api/authorized_name.h"
#include "server/api/filter_terms.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/api/stored_rows.h"
#include "server/core/resource_name.h"

namespace cordon::api {
namespace {

using cordon::v1::Identity;

const std::vector<core::FilterField>& IdentityFilterFields() {
  static const auto* fields = new std::vector<core::FilterField>{
      {"isolation_state",
       {"ACTIVE", "ISOLATING", "ISOLATED", "LIMITED", "RELEASING",
        "AWAITING_CONFIRMATION"}},
      {"source", {"CLOUD_ONLY", "HYBRID_SYNCED"}},
      {"excluded_from_isolation", {"true", "false"}}};
  return *fields;
}

engine::IdentityManager::ListQuery ToQuery(const core::FilterTerms& terms) {
  engine::IdentityManager::ListQuery query;
  query.isolation_state =
      EnumTerm(terms, "isolation_state", Identity::IsolationState_Parse);
  query.source = EnumTerm(terms, "source", Identity::Source_Parse);
  query.excluded_from_isolation = BoolTerm(terms, "excluded_from_isolation");
  return query;
}

}  // namespace

grpc::Status IdentityService::CreateIdentity(
    grpc::ServerContext* context,
    const cordon::v1::CreateIdentityRequest* request, Identity* response) {
  const CallInfo info{MethodName<cordon::v1::IdentityService>("CreateIdentity"),
                      true, request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName parent,
        ParseAndAuthorize(principal, Access::kWrite, "parent",
                          request->parent(), core::ParseOrganizationName));
    CORDON_RETURN_IF_ERROR(CheckRequestId(request->request_id()));
    CORDON_ASSIGN_OR_RETURN(
        *response,
        identities_->Create(
            principal.actor, parent, request->identity(),
            MakeIdempotentCall(parent.account, info.method, *request)));
    return absl::OkStatus();
  });
}

grpc::Status IdentityService::GetIdentity(
    grpc::ServerContext* context, const cordon::v1::GetIdentityRequest* request,
    Identity* response) {
  const CallInfo info{MethodName<cordon::v1::IdentityService>("GetIdentity"),
                      false, request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::IdentityName name,
        ParseAndAuthorize(principal, Access::kRead, "name", request->name(),
                          core::ParseIdentityName));
    CORDON_ASSIGN_OR_RETURN(*response, identities_->Get(name));
    return absl::OkStatus();
  });
}

grpc::Status IdentityService::ListIdentities(
    grpc::ServerContext* context,
    const cordon::v1::ListIdentitiesRequest* request,
    cordon::v1::ListIdentitiesResponse* response) {
  const CallInfo info{MethodName<cordon::v1::IdentityService>("ListIdentities"),
                      false, request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName parent,
        ParseAndAuthorize(principal, Access::kRead, "parent", request->parent(),
                          core::ParseOrganizationName));
    CORDON_ASSIGN_OR_RETURN(
        core::FilterTerms terms,
        ParseFilterField(request->filter(), IdentityFilterFields()));
    // The token is bound to method, parent and filter, so it cannot resume
    // a listing of another organization (or with another filter).
    const std::string query_key = absl::StrCat(
        info.method, "\n", request->parent(), "\n", request->filter());
    CORDON_ASSIGN_OR_RETURN(engine::PageRequest page,
                            pages_->ReadPage(request->page_size(),
                                             request->page_token(), query_key));
    CORDON_ASSIGN_OR_RETURN(
        engine::Page<std::string> result,
        identities_->ListStored(parent, ToQuery(terms), page));
    AppendStoredRows(cordon::v1::ListIdentitiesResponse::kIdentitiesFieldNumber,
                     &result.items, response);
    response->set_next_page_token(
        pages_->NextPageToken(result.resume_after_key, query_key));
    return absl::OkStatus();
  });
}

grpc::Status IdentityService::UpdateIdentity(
    grpc::ServerContext* context,
    const cordon::v1::UpdateIdentityRequest* request, Identity* response) {
  const CallInfo info{MethodName<cordon::v1::IdentityService>("UpdateIdentity"),
                      true, request->identity().name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(
        ParseAndAuthorize(principal, Access::kWrite, "identity.name",
                          request->identity().name(), core::ParseIdentityName)
            .status());
    CORDON_ASSIGN_OR_RETURN(
        *response, identities_->Update(principal.actor, request->identity(),
                                       request->update_mask()));
    return absl::OkStatus();
  });
}

grpc::Status IdentityService::DeleteIdentity(
    grpc::ServerContext* context,
    const cordon::v1::DeleteIdentityRequest* request,
    cordon::v1::DeleteIdentityResponse*) {
  const CallInfo info{MethodName<cordon::v1::IdentityService>("DeleteIdentity"),
                      true, request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::IdentityName name,
        ParseAndAuthorize(principal, Access::kWrite, "name", request->name(),
                          core::ParseIdentityName));
    return identities_->Delete(principal.actor, name, request->etag());
  });
}

}  // namespace cordon::api
