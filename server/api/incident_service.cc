#include "server/api/incident_service.h"

#include "server/api/authorization.h"
#include "server/api/authorized_name.h"
#include "server/api/filter_terms.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"

namespace cordon::api {
namespace {

using cordon::v1::IncidentReport;
using cordon::v1::ResponseAction;
using IncidentApi = cordon::v1::IncidentService;

const std::vector<core::FilterField>& ReportFilterFields() {
  static const auto* fields = new std::vector<core::FilterField>{
      {"status", {"DRAFT", "SENT", "RESOLVED", "REJECTED"}},
      {"severity", {"LOW", "HIGH", "CRITICAL"}},
      {"response_action",
       {"SESSIONS_REVOKED", "IDENTITY_DISABLED", "ON_PREM_DISABLED",
        "INBOX_RULES_DISABLED", "ISOLATION_LIMITED", "ISOLATION_SKIPPED",
        "IDENTITY_RE_ENABLED", "HOST_ISOLATED", "ISOLATION_HELD"}}};
  return *fields;
}

}  // namespace

grpc::Status IncidentService::CreateIncidentReport(
    grpc::ServerContext* context,
    const cordon::v1::CreateIncidentReportRequest* request,
    IncidentReport* response) {
  const CallInfo info{MethodName<IncidentApi>("CreateIncidentReport"), true,
                      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::OrganizationName parent,
        ParseAndAuthorize(principal, Access::kRead, "parent", request->parent(),
                          core::ParseOrganizationName));
    CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
    CORDON_RETURN_IF_ERROR(CheckRequestId(request->request_id()));
    CORDON_ASSIGN_OR_RETURN(
        *response,
        incidents_->Create(
            principal.actor, parent, request->incident_report(),
            MakeIdempotentCall(parent.account, info.method, *request)));
    return absl::OkStatus();
  });
}

grpc::Status IncidentService::GetIncidentReport(
    grpc::ServerContext* context,
    const cordon::v1::GetIncidentReportRequest* request,
    IncidentReport* response) {
  const CallInfo info{MethodName<IncidentApi>("GetIncidentReport"), false,
                      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::IncidentReportName name,
        ParseAndAuthorize(principal, Access::kRead, "name", request->name(),
                          core::ParseIncidentReportName));
    CORDON_ASSIGN_OR_RETURN(*response, incidents_->Get(name));
    return absl::OkStatus();
  });
}

grpc::Status IncidentService::ListIncidentReports(
    grpc::ServerContext* context,
    const cordon::v1::ListIncidentReportsRequest* request,
    cordon::v1::ListIncidentReportsResponse* response) {
  const CallInfo info{MethodName<IncidentApi>("ListIncidentReports"), false,
                      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    engine::IncidentManager::ListQuery query;
    if (absl::StatusOr<core::OrganizationName> org =
            core::ParseOrganizationName(request->parent());
        org.ok()) {
      CORDON_RETURN_IF_ERROR(Authorize(principal, Access::kRead, ScopeOf(*org),
                                       request->parent()));
      query.account = org->account;
      query.organization = org->organization;
    } else {
      CORDON_ASSIGN_OR_RETURN(
          core::AccountName account,
          ParseAndAuthorize(principal, Access::kRead, "parent",
                            request->parent(), core::ParseAccountName));
      query.account = account.account;
    }
    CORDON_ASSIGN_OR_RETURN(
        core::FilterTerms terms,
        ParseFilterField(request->filter(), ReportFilterFields()));
    query.status = EnumTerm(terms, "status", IncidentReport::Status_Parse);
    query.severity = EnumTerm(terms, "severity", cordon::v1::Severity_Parse);
    query.response_action =
        EnumTerm(terms, "response_action", ResponseAction::Kind_Parse);
    const std::string query_key =
        info.method + "\n" + request->parent() + "\n" + request->filter();
    CORDON_ASSIGN_OR_RETURN(engine::PageRequest page,
                            pages_->ReadPage(request->page_size(),
                                             request->page_token(), query_key));
    CORDON_ASSIGN_OR_RETURN(engine::Page<IncidentReport> result,
                            incidents_->List(query, page));
    for (IncidentReport& report : result.items) {
      *response->add_incident_reports() = std::move(report);
    }
    response->set_next_page_token(
        pages_->NextPageToken(result.resume_after_key, query_key));
    return absl::OkStatus();
  });
}

grpc::Status IncidentService::UpdateIncidentReport(
    grpc::ServerContext* context,
    const cordon::v1::UpdateIncidentReportRequest* request,
    IncidentReport* response) {
  const CallInfo info{MethodName<IncidentApi>("UpdateIncidentReport"), true,
                      request->incident_report().name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(ParseAndAuthorize(principal, Access::kRead,
                                             "incident_report.name",
                                             request->incident_report().name(),
                                             core::ParseIncidentReportName)
                               .status());
    CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
    CORDON_ASSIGN_OR_RETURN(
        *response,
        incidents_->Update(principal.actor, request->incident_report(),
                           request->update_mask()));
    return absl::OkStatus();
  });
}

grpc::Status IncidentService::SendIncidentReport(
    grpc::ServerContext* context,
    const cordon::v1::SendIncidentReportRequest* request,
    IncidentReport* response) {
  const CallInfo info{MethodName<IncidentApi>("SendIncidentReport"), true,
                      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::IncidentReportName name,
        ParseAndAuthorize(principal, Access::kRead, "name", request->name(),
                          core::ParseIncidentReportName));
    CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
    CORDON_ASSIGN_OR_RETURN(
        *response, incidents_->Send(principal.actor, name, request->etag()));
    return absl::OkStatus();
  });
}

grpc::Status IncidentService::ResolveIncidentReport(
    grpc::ServerContext* context,
    const cordon::v1::ResolveIncidentReportRequest* request,
    IncidentReport* response) {
  const CallInfo info{MethodName<IncidentApi>("ResolveIncidentReport"), true,
                      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::IncidentReportName name,
        ParseAndAuthorize(principal, Access::kWrite, "name", request->name(),
                          core::ParseIncidentReportName));
    CORDON_ASSIGN_OR_RETURN(
        *response, incidents_->Close(principal.actor, name, request->etag(),
                                     IncidentReport::RESOLVED));
    return absl::OkStatus();
  });
}

grpc::Status IncidentService::RejectIncidentReport(
    grpc::ServerContext* context,
    const cordon::v1::RejectIncidentReportRequest* request,
    IncidentReport* response) {
  const CallInfo info{MethodName<IncidentApi>("RejectIncidentReport"), true,
                      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::IncidentReportName name,
        ParseAndAuthorize(principal, Access::kWrite, "name", request->name(),
                          core::ParseIncidentReportName));
    // The account's admins and SOC analysts, like resolve: the analyst who
    // wrote a report may find it was a false positive (docs/decisions.md).
    CORDON_ASSIGN_OR_RETURN(
        *response, incidents_->Close(principal.actor, name, request->etag(),
                                     IncidentReport::REJECTED));
    return absl::OkStatus();
  });
}

}  // namespace cordon::api
