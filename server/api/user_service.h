#ifndef CORDON_SERVER_API_USER_SERVICE_H_
#define CORDON_SERVER_API_USER_SERVICE_H_

#include "cordon/v1/user.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/api/paging.h"
#include "server/engine/tenancy/user_manager.h"

namespace cordon::api {

// Users are account-level resources: account admins and SOC analysts manage
// them, account users read them, organization users see none of them, and
// another account's principals get NOT_FOUND (TEN-1).
class UserService final : public cordon::v1::UserService::Service {
 public:
  UserService(CallRunner* runner, engine::UserManager* users,
              const PageTokens* pages)
      : runner_(runner), users_(users), pages_(pages) {}

  grpc::Status CreateUser(grpc::ServerContext* context,
                          const cordon::v1::CreateUserRequest* request,
                          cordon::v1::User* response) override;
  grpc::Status GetUser(grpc::ServerContext* context,
                       const cordon::v1::GetUserRequest* request,
                       cordon::v1::User* response) override;
  grpc::Status ListUsers(grpc::ServerContext* context,
                         const cordon::v1::ListUsersRequest* request,
                         cordon::v1::ListUsersResponse* response) override;
  grpc::Status UpdateUser(grpc::ServerContext* context,
                          const cordon::v1::UpdateUserRequest* request,
                          cordon::v1::User* response) override;
  grpc::Status DeleteUser(grpc::ServerContext* context,
                          const cordon::v1::DeleteUserRequest* request,
                          cordon::v1::DeleteUserResponse* response) override;

 private:
  CallRunner* runner_;
  engine::UserManager* users_;
  const PageTokens* pages_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_USER_SERVICE_H_
