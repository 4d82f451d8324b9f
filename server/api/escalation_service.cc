#include "server/api/escalation_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/api/authorization.h"
#include "server/api/authorized_name.h"
#include "server/api/filter_terms.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/core/escalation/escalation_name.h"

namespace cordon::api {
namespace {

using cordon::v1::Escalation;
using EscalationApi = cordon::v1::EscalationService;

const std::vector<core::FilterField>& EscalationFilterFields() {
  static const auto* fields = new std::vector<core::FilterField>{
      {"status", {"OPEN", "OVERDUE", "RESOLVED"}},
      {"severity", {"LOW", "HIGH", "CRITICAL"}},
      {"type",
       {"INTEGRATION_PSA_DELIVERY_FAILED",
        "SYSTEM_HEALTH_DEFENDER_RTP_DISABLED", "HOST_ISOLATION_ORG_WIDE",
        "INTEGRATION_M365_INACCESSIBLE", "LOGIN_UNEXPECTED_COUNTRY",
        "LOGIN_UNEXPECTED_VPN", "ISOLATION_CAP_REACHED"}},
      {"organization", {}}};
  return *fields;
}

// ESC-5, checked before anything about the request is looked at: an
// organization user learns nothing, not even whether a name is well formed
// or an escalation exists.
absl::Status CheckMaySeeEscalations(const Principal& principal) {
  switch (principal.key.role) {
    case cordon::v1::ORGANIZATION_USER:
      return core::WithReason(
          absl::PermissionDeniedError(
              "organization users cannot see escalations; they are for the "
              "account's users"),
          "PERMISSION_DENIED");
    case cordon::v1::SOC_ANALYST:
    case cordon::v1::ACCOUNT_ADMIN:
    case cordon::v1::ACCOUNT_USER:
      return absl::OkStatus();
    default:
      return core::WithReason(absl::PermissionDeniedError(absl::StrCat(
                                  cordon::v1::Role_Name(principal.key.role),
                                  " keys cannot see escalations")),
                              "PERMISSION_DENIED");
  }
}

// Escalations are account-level resources: other accounts are NOT_FOUND,
// writing needs an account admin (or a SOC analyst).
absl::StatusOr<core::EscalationName> ParseAndAuthorizeEscalation(
    const Principal& principal, Access access, const char* field,
    const std::string& name) {
  CORDON_ASSIGN_OR_RETURN(core::EscalationName parsed,
                          ParseField(field, name, core::ParseEscalationName));
  CORDON_RETURN_IF_ERROR(
      Authorize(principal, access, Scope{parsed.account, 0}, name));
  return parsed;
}

}  // namespace

grpc::Status EscalationService::GetEscalation(
    grpc::ServerContext* context,
    const cordon::v1::GetEscalationRequest* request, Escalation* response) {
  const CallInfo info{MethodName<EscalationApi>("GetEscalation"), false,
                      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(CheckMaySeeEscalations(principal));
    CORDON_RETURN_IF_ERROR(ParseAndAuthorizeEscalation(principal, Access::kRead,
                                                       "name", request->name())
                               .status());
    CORDON_ASSIGN_OR_RETURN(*response, escalations_->Get(request->name()));
    return absl::OkStatus();
  });
}

grpc::Status EscalationService::ListEscalations(
    grpc::ServerContext* context,
    const cordon::v1::ListEscalationsRequest* request,
    cordon::v1::ListEscalationsResponse* response) {
  const CallInfo info{MethodName<EscalationApi>("ListEscalations"), false,
                      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(CheckMaySeeEscalations(principal));
    CORDON_ASSIGN_OR_RETURN(
        core::AccountName account,
        ParseAndAuthorize(principal, Access::kRead, "parent", request->parent(),
                          core::ParseAccountName));
    CORDON_ASSIGN_OR_RETURN(
        core::FilterTerms terms,
        ParseFilterField(request->filter(), EscalationFilterFields()));
    engine::EscalationManager::ListQuery query;
    query.account = account.account;
    query.status = EnumTerm(terms, "status", Escalation::Status_Parse);
    query.severity = EnumTerm(terms, "severity", cordon::v1::Severity_Parse);
    query.type = EnumTerm(terms, "type", cordon::v1::EscalationType_Parse);
    if (auto it = terms.find("organization"); it != terms.end()) {
      absl::StatusOr<core::OrganizationName> org =
          core::ParseOrganizationName(it->second);
      if (!org.ok()) return core::ForField("filter", org.status());
      if (org->account != account.account) {
        return core::InvalidField(
            "filter", "organization must be an organization of the parent");
      }
      query.organization = org->organization;
    }
    const std::string query_key =
        info.method + "\n" + request->parent() + "\n" + request->filter();
    CORDON_ASSIGN_OR_RETURN(engine::PageRequest page,
                            pages_->ReadPage(request->page_size(),
                                             request->page_token(), query_key));
    CORDON_ASSIGN_OR_RETURN(engine::Page<Escalation> result,
                            escalations_->List(query, page));
    for (Escalation& escalation : result.items) {
      *response->add_escalations() = std::move(escalation);
    }
    response->set_next_page_token(
        pages_->NextPageToken(result.resume_after_key, query_key));
    return absl::OkStatus();
  });
}

grpc::Status EscalationService::AnswerEscalation(
    grpc::ServerContext* context,
    const cordon::v1::AnswerEscalationRequest* request, Escalation* response) {
  const CallInfo info{MethodName<EscalationApi>("AnswerEscalation"), true,
                      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(CheckMaySeeEscalations(principal));
    CORDON_RETURN_IF_ERROR(ParseAndAuthorizeEscalation(principal,
                                                       Access::kWrite, "name",
                                                       request->name())
                               .status());
    CORDON_ASSIGN_OR_RETURN(
        *response, answerer_->Answer(principal.actor, request->name(),
                                     request->answer(), request->etag()));
    return absl::OkStatus();
  });
}

grpc::Status EscalationService::CreateEscalation(
    grpc::ServerContext* context,
    const cordon::v1::CreateEscalationRequest* request, Escalation* response) {
  const CallInfo info{MethodName<EscalationApi>("CreateEscalation"), true,
                      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(CheckMaySeeEscalations(principal));
    CORDON_ASSIGN_OR_RETURN(
        core::AccountName parent,
        ParseAndAuthorize(principal, Access::kRead, "parent", request->parent(),
                          core::ParseAccountName));
    CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
    CORDON_RETURN_IF_ERROR(CheckRequestId(request->request_id()));
    CORDON_ASSIGN_OR_RETURN(
        *response,
        escalations_->Create(
            principal.actor, parent.account, request->escalation(),
            MakeIdempotentCall(parent.account, info.method, *request)));
    return absl::OkStatus();
  });
}

}  // namespace cordon::api
