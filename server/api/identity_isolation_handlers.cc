// IdentityService's isolation methods: ISO-5, ISO-6, ISO-8.

#include <functional>

#include "server/api/authorization.h"
#include "server/api/identity_service.h"
#include "server/api/request_checks.h"
#include "server/core/resource_name.h"

namespace cordon::api {
namespace {

using IdentityApi = cordon::v1::IdentityService;

constexpr size_t kMaxReasonChars = 1000;

absl::Status CheckReason(const std::string& reason) {
  if (reason.empty() || reason.size() > kMaxReasonChars) {
    return core::InvalidField(
        "reason", "required for the audit trail, at most 1000 characters");
  }
  return absl::OkStatus();
}

// ISO-6, ISO-8: account admins and SOC analysts; the same check as any
// write to the identity.
absl::StatusOr<core::IdentityName> WritableIdentity(const Principal& principal,
                                                    const char* field,
                                                    const std::string& name) {
  CORDON_ASSIGN_OR_RETURN(core::IdentityName parsed,
                          ParseField(field, name, core::ParseIdentityName));
  CORDON_RETURN_IF_ERROR(Authorize(
      principal, Access::kWrite, {parsed.account, parsed.organization}, name));
  return parsed;
}

// IsolateIdentity and ReleaseIdentity: the same checks, then one engine
// call that changes the identity.
template <typename Request>
grpc::Status ChangeIsolation(
    CallRunner* runner, grpc::ServerContext* context, const char* method,
    const Request& request, cordon::v1::Identity* response,
    const std::function<absl::StatusOr<cordon::v1::Identity>(
        const engine::Actor&, const core::IdentityName&, const std::string&)>&
        change) {
  const CallInfo info{MethodName<IdentityApi>(method), true, request.name()};
  return runner->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::IdentityName name,
        WritableIdentity(principal, "name", request.name()));
    CORDON_RETURN_IF_ERROR(CheckReason(request.reason()));
    CORDON_ASSIGN_OR_RETURN(*response,
                            change(principal.actor, name, request.reason()));
    return absl::OkStatus();
  });
}

}  // namespace

grpc::Status IdentityService::IsolateIdentity(
    grpc::ServerContext* context,
    const cordon::v1::IsolateIdentityRequest* request,
    cordon::v1::Identity* response) {
  return ChangeIsolation(
      runner_, context, "IsolateIdentity", *request, response,
      [this](const engine::Actor& actor, const core::IdentityName& name,
             const std::string& reason) {
        return isolation_->Isolate(actor, name, reason);
      });
}

grpc::Status IdentityService::ReleaseIdentity(
    grpc::ServerContext* context,
    const cordon::v1::ReleaseIdentityRequest* request,
    cordon::v1::Identity* response) {
  return ChangeIsolation(
      runner_, context, "ReleaseIdentity", *request, response,
      [this](const engine::Actor& actor, const core::IdentityName& name,
             const std::string& reason) {
        return isolation_->Release(actor, name, reason);
      });
}

grpc::Status IdentityService::ListInboxRules(
    grpc::ServerContext* context,
    const cordon::v1::ListInboxRulesRequest* request,
    cordon::v1::ListInboxRulesResponse* response) {
  const CallInfo info{MethodName<IdentityApi>("ListInboxRules"), false,
                      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::IdentityName name,
        ParseField("parent", request->parent(), core::ParseIdentityName));
    CORDON_RETURN_IF_ERROR(Authorize(principal, Access::kRead,
                                     {name.account, name.organization},
                                     request->parent()));
    CORDON_ASSIGN_OR_RETURN(std::vector<cordon::v1::InboxRule> rules,
                            isolation_->ListInboxRules(name));
    for (auto& rule : rules) *response->add_inbox_rules() = std::move(rule);
    return absl::OkStatus();
  });
}

grpc::Status IdentityService::EnableInboxRule(
    grpc::ServerContext* context,
    const cordon::v1::EnableInboxRuleRequest* request,
    cordon::v1::EnableInboxRuleResponse*) {
  const CallInfo info{MethodName<IdentityApi>("EnableInboxRule"), true,
                      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::IdentityName name,
        WritableIdentity(principal, "parent", request->parent()));
    if (request->rule_id().empty() || request->rule_id().size() > 512) {
      return core::InvalidField("rule_id", "1 to 512 characters");
    }
    return isolation_->EnableInboxRule(principal.actor, name,
                                       request->rule_id());
  });
}

}  // namespace cordon::api
