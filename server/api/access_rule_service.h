#ifndef CORDON_SERVER_API_ACCESS_RULE_SERVICE_H_
#define CORDON_SERVER_API_ACCESS_RULE_SERVICE_H_

#include "cordon/v1/access_rule.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/api/paging.h"
#include "server/engine/escalation/access_rule_manager.h"

namespace cordon::api {

// ESC-4 access rules at account, organization or identity scope. Account
// admins and SOC analysts write; every user of the account reads;
// organization users read the rules of their organization and of its
// identities (account-scope rules are PERMISSION_DENIED to them, as every
// account-level resource is). Another account's rules are NOT_FOUND.
class AccessRuleService final : public cordon::v1::AccessRuleService::Service {
 public:
  AccessRuleService(CallRunner* runner, engine::AccessRuleManager* rules,
                    const PageTokens* pages)
      : runner_(runner), rules_(rules), pages_(pages) {}

  grpc::Status CreateAccessRule(
      grpc::ServerContext* context,
      const cordon::v1::CreateAccessRuleRequest* request,
      cordon::v1::AccessRule* response) override;
  grpc::Status GetAccessRule(grpc::ServerContext* context,
                             const cordon::v1::GetAccessRuleRequest* request,
                             cordon::v1::AccessRule* response) override;
  grpc::Status ListAccessRules(
      grpc::ServerContext* context,
      const cordon::v1::ListAccessRulesRequest* request,
      cordon::v1::ListAccessRulesResponse* response) override;
  grpc::Status UpdateAccessRule(
      grpc::ServerContext* context,
      const cordon::v1::UpdateAccessRuleRequest* request,
      cordon::v1::AccessRule* response) override;
  grpc::Status DeleteAccessRule(
      grpc::ServerContext* context,
      const cordon::v1::DeleteAccessRuleRequest* request,
      cordon::v1::DeleteAccessRuleResponse* response) override;

 private:
  CallRunner* runner_;
  engine::AccessRuleManager* rules_;
  const PageTokens* pages_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_ACCESS_RULE_SERVICE_H_
