#include "server/api/access_rule_service.h"

#include "absl/strings/str_cat.h"
#include "server/api/authorization.h"
#include "server/api/filter_terms.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"

namespace cordon::api {
namespace {

using cordon::v1::AccessRule;
using AccessRuleApi = cordon::v1::AccessRuleService;

const std::vector<core::FilterField>& RuleFilterFields() {
  static const auto* fields = new std::vector<core::FilterField>{
      {"determination", {"EXPECTED", "UNAUTHORIZED"}}};
  return *fields;
}

// Where a rule or a scope lives, for Authorize: an identity's rules are
// checked against its organization, so an ORGANIZATION_USER reaches its own
// only; account-scope rules are account-level resources.
Scope AuthorizationScope(const engine::AccessRuleScope& scope) {
  return {scope.account, scope.organization};
}

// A rule's parent: an account, an organization or an identity.
absl::StatusOr<engine::AccessRuleScope> ParseScope(const char* field,
                                                   const std::string& text) {
  if (auto identity = core::ParseIdentityName(text); identity.ok()) {
    return engine::AccessRuleScope{identity->account, identity->organization,
                                   identity->identity};
  }
  if (auto organization = core::ParseOrganizationName(text);
      organization.ok()) {
    return engine::AccessRuleScope{organization->account,
                                   organization->organization, 0};
  }
  if (auto account = core::ParseAccountName(text); account.ok()) {
    return engine::AccessRuleScope{account->account, 0, 0};
  }
  return core::InvalidField(
      field, absl::StrCat("\"", text.substr(0, 200),
                          "\" is not accounts/{id}, "
                          "accounts/{id}/organizations/{id} or "
                          "accounts/{id}/organizations/{id}/identities/{id}"));
}

absl::StatusOr<engine::AccessRuleScope> ParseAndAuthorizeScope(
    const Principal& principal, Access access, const char* field,
    const std::string& text) {
  CORDON_ASSIGN_OR_RETURN(engine::AccessRuleScope scope,
                          ParseScope(field, text));
  CORDON_RETURN_IF_ERROR(
      Authorize(principal, access, AuthorizationScope(scope), text));
  return scope;
}

absl::StatusOr<core::AccessRuleName> ParseAndAuthorizeRule(
    const Principal& principal, Access access, const char* field,
    const std::string& text) {
  CORDON_ASSIGN_OR_RETURN(core::AccessRuleName name,
                          ParseField(field, text, core::ParseAccessRuleName));
  CORDON_RETURN_IF_ERROR(
      Authorize(principal, access,
                AuthorizationScope(engine::AccessRuleScope::Of(name)), text));
  return name;
}

}  // namespace

grpc::Status AccessRuleService::CreateAccessRule(
    grpc::ServerContext* context,
    const cordon::v1::CreateAccessRuleRequest* request, AccessRule* response) {
  const CallInfo info{MethodName<AccessRuleApi>("CreateAccessRule"), true,
                      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        engine::AccessRuleScope parent,
        ParseAndAuthorizeScope(principal, Access::kWrite, "parent",
                               request->parent()));
    CORDON_RETURN_IF_ERROR(CheckRequestId(request->request_id()));
    CORDON_ASSIGN_OR_RETURN(
        *response,
        rules_->Create(
            principal.actor, parent, request->access_rule(),
            MakeIdempotentCall(parent.account, info.method, *request)));
    return absl::OkStatus();
  });
}

grpc::Status AccessRuleService::GetAccessRule(
    grpc::ServerContext* context,
    const cordon::v1::GetAccessRuleRequest* request, AccessRule* response) {
  const CallInfo info{MethodName<AccessRuleApi>("GetAccessRule"), false,
                      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(core::AccessRuleName name,
                            ParseAndAuthorizeRule(principal, Access::kRead,
                                                  "name", request->name()));
    CORDON_ASSIGN_OR_RETURN(*response, rules_->Get(name));
    return absl::OkStatus();
  });
}

grpc::Status AccessRuleService::ListAccessRules(
    grpc::ServerContext* context,
    const cordon::v1::ListAccessRulesRequest* request,
    cordon::v1::ListAccessRulesResponse* response) {
  const CallInfo info{MethodName<AccessRuleApi>("ListAccessRules"), false,
                      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    engine::AccessRuleManager::ListQuery query;
    CORDON_ASSIGN_OR_RETURN(
        query.parent, ParseAndAuthorizeScope(principal, Access::kRead, "parent",
                                             request->parent()));
    CORDON_ASSIGN_OR_RETURN(
        core::FilterTerms terms,
        ParseFilterField(request->filter(), RuleFilterFields()));
    query.determination =
        EnumTerm(terms, "determination", AccessRule::Determination_Parse);
    const std::string query_key =
        info.method + "\n" + request->parent() + "\n" + request->filter();
    CORDON_ASSIGN_OR_RETURN(engine::PageRequest page,
                            pages_->ReadPage(request->page_size(),
                                             request->page_token(), query_key));
    CORDON_ASSIGN_OR_RETURN(engine::Page<AccessRule> result,
                            rules_->List(query, page));
    for (AccessRule& rule : result.items) {
      *response->add_access_rules() = std::move(rule);
    }
    response->set_next_page_token(
        pages_->NextPageToken(result.resume_after_key, query_key));
    return absl::OkStatus();
  });
}

grpc::Status AccessRuleService::UpdateAccessRule(
    grpc::ServerContext* context,
    const cordon::v1::UpdateAccessRuleRequest* request, AccessRule* response) {
  const CallInfo info{MethodName<AccessRuleApi>("UpdateAccessRule"), true,
                      request->access_rule().name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(ParseAndAuthorizeRule(principal, Access::kWrite,
                                                 "access_rule.name",
                                                 request->access_rule().name())
                               .status());
    CORDON_ASSIGN_OR_RETURN(
        *response, rules_->Update(principal.actor, request->access_rule(),
                                  request->update_mask()));
    return absl::OkStatus();
  });
}

grpc::Status AccessRuleService::DeleteAccessRule(
    grpc::ServerContext* context,
    const cordon::v1::DeleteAccessRuleRequest* request,
    cordon::v1::DeleteAccessRuleResponse* /*response*/) {
  const CallInfo info{MethodName<AccessRuleApi>("DeleteAccessRule"), true,
                      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(core::AccessRuleName name,
                            ParseAndAuthorizeRule(principal, Access::kWrite,
                                                  "name", request->name()));
    return rules_->Delete(principal.actor, name, request->etag());
  });
}

}  // namespace cordon::api
