#include "server/api/soc_alert_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/api/authorization.h"
#include "server/api/request_checks.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"

namespace cordon::api {

grpc::Status SocAlertService::ListSocAlerts(
    grpc::ServerContext* context,
    const cordon::v1::ListSocAlertsRequest* request,
    cordon::v1::ListSocAlertsResponse* response) {
  const CallInfo info{MethodName<cordon::v1::SocAlertService>("ListSocAlerts"),
                      false, request->account()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
    engine::SocAlerts::Query query;
    if (!request->account().empty()) {
      CORDON_ASSIGN_OR_RETURN(
          core::AccountName account,
          ParseField("account", request->account(), core::ParseAccountName));
      query.account = account.ToString();
    }
    const std::string query_key =
        absl::StrCat(info.method, "\n", request->account());
    CORDON_ASSIGN_OR_RETURN(engine::PageRequest page,
                            pages_->ReadPage(request->page_size(),
                                             request->page_token(), query_key));
    CORDON_ASSIGN_OR_RETURN(engine::Page<cordon::v1::SocAlert> result,
                            alerts_->List(query, page));
    for (auto& alert : result.items) {
      *response->add_soc_alerts() = std::move(alert);
    }
    response->set_next_page_token(
        pages_->NextPageToken(result.resume_after_key, query_key));
    return absl::OkStatus();
  });
}

grpc::Status SocAlertService::GetSocAlert(
    grpc::ServerContext* context, const cordon::v1::GetSocAlertRequest* request,
    cordon::v1::SocAlert* response) {
  const CallInfo info{MethodName<cordon::v1::SocAlertService>("GetSocAlert"),
                      false, request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
    CORDON_ASSIGN_OR_RETURN(
        core::SocAlertName name,
        ParseField("name", request->name(), core::ParseSocAlertName));
    CORDON_ASSIGN_OR_RETURN(*response, alerts_->Get(name));
    return absl::OkStatus();
  });
}

}  // namespace cordon::api
