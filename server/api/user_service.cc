#include "server/api/user_service.h"

#include <string>
#include <utility>
#include <vector>

#include "server/api/authorization.h"
#include "server/api/authorized_name.h"
#include "server/api/filter_terms.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/core/resource_name.h"

namespace cordon::api {
namespace {

using cordon::v1::User;

const std::vector<core::FilterField>& UserFilterFields() {
  static const auto* fields = new std::vector<core::FilterField>{
      {"role", {"ACCOUNT_ADMIN", "ACCOUNT_USER", "ORGANIZATION_USER"}}};
  return *fields;
}

}  // namespace

grpc::Status UserService::CreateUser(
    grpc::ServerContext* context, const cordon::v1::CreateUserRequest* request,
    User* response) {
  const CallInfo info{MethodName<cordon::v1::UserService>("CreateUser"), true,
                      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::AccountName parent,
        ParseAndAuthorize(principal, Access::kWrite, "parent",
                          request->parent(), core::ParseAccountName));
    CORDON_RETURN_IF_ERROR(CheckRequestId(request->request_id()));
    CORDON_ASSIGN_OR_RETURN(
        *response,
        users_->Create(
            principal.actor, parent.account, request->user(),
            MakeIdempotentCall(parent.account, info.method, *request)));
    return absl::OkStatus();
  });
}

grpc::Status UserService::GetUser(grpc::ServerContext* context,
                                  const cordon::v1::GetUserRequest* request,
                                  User* response) {
  const CallInfo info{MethodName<cordon::v1::UserService>("GetUser"), false,
                      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::UserName name,
        ParseAndAuthorize(principal, Access::kRead, "name", request->name(),
                          core::ParseUserName));
    CORDON_ASSIGN_OR_RETURN(*response, users_->Get(name.account, name.user));
    return absl::OkStatus();
  });
}

grpc::Status UserService::ListUsers(grpc::ServerContext* context,
                                    const cordon::v1::ListUsersRequest* request,
                                    cordon::v1::ListUsersResponse* response) {
  const CallInfo info{MethodName<cordon::v1::UserService>("ListUsers"), false,
                      request->parent()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::AccountName parent,
        ParseAndAuthorize(principal, Access::kRead, "parent", request->parent(),
                          core::ParseAccountName));
    CORDON_ASSIGN_OR_RETURN(
        core::FilterTerms terms,
        ParseFilterField(request->filter(), UserFilterFields()));
    engine::UserManager::ListQuery query;
    query.role = EnumTerm(terms, "role", cordon::v1::Role_Parse);
    // The token is bound to the whole query: a token of another parent or
    // filter would resume at a key that means something else.
    const std::string bound =
        info.method + "\n" + request->parent() + "\n" + request->filter();
    CORDON_ASSIGN_OR_RETURN(
        engine::PageRequest page,
        pages_->ReadPage(request->page_size(), request->page_token(), bound));
    CORDON_ASSIGN_OR_RETURN(engine::Page<User> result,
                            users_->List(parent.account, query, page));
    for (User& user : result.items) *response->add_users() = std::move(user);
    response->set_next_page_token(
        pages_->NextPageToken(result.resume_after_key, bound));
    return absl::OkStatus();
  });
}

grpc::Status UserService::UpdateUser(
    grpc::ServerContext* context, const cordon::v1::UpdateUserRequest* request,
    User* response) {
  const CallInfo info{MethodName<cordon::v1::UserService>("UpdateUser"), true,
                      request->user().name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(
        ParseAndAuthorize(principal, Access::kWrite, "user.name",
                          request->user().name(), core::ParseUserName)
            .status());
    CORDON_ASSIGN_OR_RETURN(*response,
                            users_->Update(principal.actor, request->user(),
                                           request->update_mask()));
    return absl::OkStatus();
  });
}

grpc::Status UserService::DeleteUser(
    grpc::ServerContext* context, const cordon::v1::DeleteUserRequest* request,
    cordon::v1::DeleteUserResponse*) {
  const CallInfo info{MethodName<cordon::v1::UserService>("DeleteUser"), true,
                      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::UserName name,
        ParseAndAuthorize(principal, Access::kWrite, "name", request->name(),
                          core::ParseUserName));
    return users_->Delete(principal.actor, name.account, name.user,
                          request->etag());
  });
}

}  // namespace cordon::api
