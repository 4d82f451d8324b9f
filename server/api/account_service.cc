#include "server/api/account_service.h"

#include <utility>

#include "server/api/authorization.h"
#include "server/api/authorized_name.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/core/resource_name.h"
#include "server/engine/common/resource_time.h"

namespace cordon::api {
namespace {

cordon::v1::AccountChange ToAccountChange(cordon::store::SavedAccount saved) {
  cordon::v1::AccountChange change;
  *change.mutable_account() = std::move(*saved.mutable_account());
  *change.mutable_warnings() = std::move(*saved.mutable_warnings());
  return change;
}

cordon::v1::TestPsaIntegrationResponse::Failure ToProto(
    core::PsaTestFailure failure) {
  using Response = cordon::v1::TestPsaIntegrationResponse;
  switch (failure) {
    case core::PsaTestFailure::kNone:
      return Response::FAILURE_UNSPECIFIED;
    case core::PsaTestFailure::kCredentialsRejected:
      return Response::CREDENTIALS_REJECTED;
    case core::PsaTestFailure::kBoardNotFound:
      return Response::BOARD_NOT_FOUND;
    case core::PsaTestFailure::kUnreachable:
      return Response::UNREACHABLE;
    case core::PsaTestFailure::kThrottled:
      return Response::THROTTLED;
    case core::PsaTestFailure::kPsaError:
      return Response::PSA_ERROR;
    case core::PsaTestFailure::kRejected:
      return Response::REJECTED;
    case core::PsaTestFailure::kNotConfigured:
      return Response::NOT_CONFIGURED;
    case core::PsaTestFailure::kSecretUnreadable:
      return Response::SECRET_UNREADABLE;
  }
  return Response::REJECTED;
}

cordon::v1::TestPsaIntegrationResponse ToTestPsaIntegrationResponse(
    const engine::PsaTestOutcome& outcome) {
  cordon::v1::TestPsaIntegrationResponse response;
  response.set_success(outcome.verdict.failure == core::PsaTestFailure::kNone);
  response.set_failure(ToProto(outcome.verdict.failure));
  response.set_message(outcome.verdict.message);
  response.set_psa_message(outcome.psa_message);
  response.set_http_status(outcome.http_status);
  *response.mutable_test_time() = engine::ToTimestamp(outcome.time);
  return response;
}

}  // namespace

grpc::Status AccountService::CreateAccount(
    grpc::ServerContext* context,
    const cordon::v1::CreateAccountRequest* request,
    cordon::v1::AccountChange* response) {
  const CallInfo info{MethodName<cordon::v1::AccountService>("CreateAccount"),
                      true, "accounts"};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
    CORDON_RETURN_IF_ERROR(CheckRequestId(request->request_id()));
    // The fingerprint is stored: nothing derived from the PSA secret may be
    // in it (DESIGN rule 7), so a retry is matched on everything else.
    cordon::v1::CreateAccountRequest fingerprinted = *request;
    if (request->account().settings().has_psa_integration()) {
      fingerprinted.mutable_account()
          ->mutable_settings()
          ->mutable_psa_integration()
          ->clear_secret();
    }
    CORDON_ASSIGN_OR_RETURN(
        cordon::store::SavedAccount saved,
        accounts_->Create(principal.actor, request->account(),
                          MakeIdempotentCall(0, info.method, fingerprinted)));
    *response = ToAccountChange(std::move(saved));
    return absl::OkStatus();
  });
}

grpc::Status AccountService::GetAccount(
    grpc::ServerContext* context, const cordon::v1::GetAccountRequest* request,
    cordon::v1::Account* response) {
  const CallInfo info{MethodName<cordon::v1::AccountService>("GetAccount"),
                      false, request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::AccountName name,
        ParseAndAuthorize(principal, Access::kRead, "name", request->name(),
                          core::ParseAccountName));
    CORDON_ASSIGN_OR_RETURN(*response, accounts_->Get(name.account));
    return absl::OkStatus();
  });
}

grpc::Status AccountService::ListAccounts(
    grpc::ServerContext* context,
    const cordon::v1::ListAccountsRequest* request,
    cordon::v1::ListAccountsResponse* response) {
  const CallInfo info{MethodName<cordon::v1::AccountService>("ListAccounts"),
                      false, "accounts"};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        engine::PageRequest page,
        pages_->ReadPage(request->page_size(), request->page_token(),
                         info.method));
    if (principal.key.role != cordon::v1::SOC_ANALYST) {
      // Everyone else sees at most their own account.
      const std::string own =
          core::AccountName{principal.key.account}.ToString();
      // SERVICE keys and organization users may not read accounts at all.
      CORDON_RETURN_IF_ERROR(
          Authorize(principal, Access::kRead, {principal.key.account, 0}, own));
      if (page.resume_after_key.empty()) {
        CORDON_ASSIGN_OR_RETURN(*response->add_accounts(),
                                accounts_->Get(principal.key.account));
      }
      return absl::OkStatus();
    }
    CORDON_ASSIGN_OR_RETURN(engine::Page<cordon::v1::Account> result,
                            accounts_->List(page));
    for (auto& account : result.items) {
      *response->add_accounts() = std::move(account);
    }
    response->set_next_page_token(
        pages_->NextPageToken(result.resume_after_key, info.method));
    return absl::OkStatus();
  });
}

grpc::Status AccountService::UpdateAccount(
    grpc::ServerContext* context,
    const cordon::v1::UpdateAccountRequest* request,
    cordon::v1::AccountChange* response) {
  const CallInfo info{MethodName<cordon::v1::AccountService>("UpdateAccount"),
                      true, request->account().name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_RETURN_IF_ERROR(
        ParseAndAuthorize(principal, Access::kWrite, "account.name",
                          request->account().name(), core::ParseAccountName)
            .status());
    CORDON_ASSIGN_OR_RETURN(
        cordon::store::SavedAccount saved,
        accounts_->Update(principal.actor, request->account(),
                          request->update_mask()));
    *response = ToAccountChange(std::move(saved));
    return absl::OkStatus();
  });
}

grpc::Status AccountService::DeleteAccount(
    grpc::ServerContext* context,
    const cordon::v1::DeleteAccountRequest* request,
    cordon::v1::DeleteAccountResponse*) {
  const CallInfo info{MethodName<cordon::v1::AccountService>("DeleteAccount"),
                      true, request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    // Account users outside this account get NOT_FOUND before the role check.
    CORDON_ASSIGN_OR_RETURN(
        core::AccountName name,
        ParseAndAuthorize(principal, Access::kRead, "name", request->name(),
                          core::ParseAccountName));
    CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
    return accounts_->Delete(principal.actor, name.account, request->etag());
  });
}

}  // namespace cordon::api

namespace cordon::api {

// POST accounts/{a}:testPsaIntegration
grpc::Status AccountService::TestPsaIntegration(
    grpc::ServerContext* context,
    const cordon::v1::TestPsaIntegrationRequest* request,
    cordon::v1::TestPsaIntegrationResponse* response) {
  // Mutating for the audit trail, like CheckM365Access: the test is
  // recorded, and so is a refusal.
  const CallInfo info{
      MethodName<cordon::v1::AccountService>("TestPsaIntegration"), true,
      request->name()};
  return runner_->Run(context, info, [&](const Principal& principal) {
    CORDON_ASSIGN_OR_RETURN(
        core::AccountName name,
        ParseAndAuthorize(principal, Access::kWrite, "name", request->name(),
                          core::ParseAccountName));
    CORDON_ASSIGN_OR_RETURN(engine::PsaTestOutcome outcome,
                            psa_check_->Test(principal.actor, name.account));
    *response = ToTestPsaIntegrationResponse(outcome);
    return absl::OkStatus();
  });
}

}  // namespace cordon::api
