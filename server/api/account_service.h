#ifndef CORDON_SERVER_API_ACCOUNT_SERVICE_H_
#define CORDON_SERVER_API_ACCOUNT_SERVICE_H_

#include "cordon/v1/account.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/api/paging.h"
#include "server/engine/tenancy/account_manager.h"
#include "server/engine/tenancy/psa_integration_check.h"

namespace cordon::api {

class AccountService final : public cordon::v1::AccountService::Service {
 public:
  AccountService(CallRunner* runner, engine::AccountManager* accounts,
                 engine::PsaIntegrationCheck* psa_check,
                 const PageTokens* pages)
      : runner_(runner),
        accounts_(accounts),
        psa_check_(psa_check),
        pages_(pages) {}

  grpc::Status CreateAccount(grpc::ServerContext* context,
                             const cordon::v1::CreateAccountRequest* request,
                             cordon::v1::AccountChange* response) override;
  grpc::Status GetAccount(grpc::ServerContext* context,
                          const cordon::v1::GetAccountRequest* request,
                          cordon::v1::Account* response) override;
  grpc::Status ListAccounts(
      grpc::ServerContext* context,
      const cordon::v1::ListAccountsRequest* request,
      cordon::v1::ListAccountsResponse* response) override;
  grpc::Status UpdateAccount(grpc::ServerContext* context,
                             const cordon::v1::UpdateAccountRequest* request,
                             cordon::v1::AccountChange* response) override;
  grpc::Status DeleteAccount(
      grpc::ServerContext* context,
      const cordon::v1::DeleteAccountRequest* request,
      cordon::v1::DeleteAccountResponse* response) override;
  grpc::Status TestPsaIntegration(
      grpc::ServerContext* context,
      const cordon::v1::TestPsaIntegrationRequest* request,
      cordon::v1::TestPsaIntegrationResponse* response) override;

 private:
  CallRunner* runner_;
  engine::AccountManager* accounts_;
  engine::PsaIntegrationCheck* psa_check_;
  const PageTokens* pages_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_ACCOUNT_SERVICE_H_
