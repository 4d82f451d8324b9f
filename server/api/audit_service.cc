#include "server/api/audit_service.h"

#include "absl/strings/str_cat.h"
#include "server/api/authorization.h"
#include "server/api/authorized_name.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"

namespace cordon::api {

grpc::Status AuditService::ListAuditEvents(
    grpc::ServerContext* context,
    const cordon::v1::ListAuditEventsRequest* request,
    cordon::v1::ListAuditEventsResponse* response) {
  const CallInfo info{MethodName<cordon::v1::AuditService>("ListAuditEvents"),
                      false, request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    engine::AuditLog::Query query;
    if (request->parent().empty()) {
      CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
    } else {
      CORDON_ASSIGN_OR_RETURN(
          core::AccountName parent,
          ParseAndAuthorize(principal, Access::kRead, "parent",
                            request->parent(), core::ParseAccountName));
      query.account = parent.account;
    }
    if (request->resource().size() > 512) {
      return core::InvalidField("resource", "at most 512 characters");
    }
    query.resource = request->resource();
    if (request->has_start_time()) {
      query.start_time = engine::FromTimestamp(request->start_time());
    }
    if (request->has_end_time()) {
      query.end_time = engine::FromTimestamp(request->end_time());
    }
    if (query.start_time && query.end_time &&
        *query.end_time <= *query.start_time) {
      return core::InvalidField("end_time", "must be after start_time");
    }
    const std::string query_key = absl::StrCat(
        info.method, "\n", request->parent(), "\n", request->resource(), "\n",
        request->start_time().SerializeAsString(), "\n",
        request->end_time().SerializeAsString());
    CORDON_ASSIGN_OR_RETURN(engine::PageRequest page,
                            pages_->ReadPage(request->page_size(),
                                             request->page_token(), query_key));
    CORDON_ASSIGN_OR_RETURN(engine::Page<cordon::v1::AuditEvent> result,
                            audit_->List(query, page));
    for (auto& event : result.items) {
      *response->add_audit_events() = std::move(event);
    }
    response->set_next_page_token(
        pages_->NextPageToken(result.resume_after_key, query_key));
    return absl::OkStatus();
  });
}

}  // namespace cordon::api
