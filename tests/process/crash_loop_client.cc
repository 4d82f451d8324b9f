#include "tests/process/crash_loop_client.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"

namespace cordon::process_testing::crash_loop {
namespace {

// Long enough for a loaded machine; a killed server answers at once.
constexpr auto kCallBound = std::chrono::seconds(10);

}  // namespace

bool Answered(const grpc::Status& status) {
  return status.error_code() != grpc::StatusCode::UNAVAILABLE &&
         status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED;
}

Client::Client(int port, std::string key)
    : channel_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                   grpc::InsecureChannelCredentials())),
      key_(std::move(key)),
      accounts_(v1::AccountService::NewStub(channel_)),
      users_(v1::UserService::NewStub(channel_)),
      organizations_(v1::OrganizationService::NewStub(channel_)),
      identities_(v1::IdentityService::NewStub(channel_)),
      incidents_(v1::IncidentService::NewStub(channel_)),
      telemetry_(v1::TelemetryService::NewStub(channel_)),
      escalations_(v1::EscalationService::NewStub(channel_)) {}

template <typename Stub, typename Request, typename Response>
grpc::Status Client::Invoke(Stub* stub,
                            grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                         const Request&,
                                                         Response*),
                            const Request& request, Response* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kCallBound);
  context.AddMetadata("authorization", "Bearer " + key_);
  return (stub->*method)(&context, request, response);
}

#define CORDON_CRASH_LOOP_CALL(Request, Response, stub, Method)               \
  grpc::Status Client::Call(const v1::Request& request,                       \
                            v1::Response* response) {                         \
    return Invoke(stub.get(),                                                 \
                  &std::remove_reference_t<decltype(*stub)>::Method, request, \
                  response);                                                  \
  }

CORDON_CRASH_LOOP_CALL(CreateAccountRequest, AccountChange, accounts_,
                       CreateAccount)
CORDON_CRASH_LOOP_CALL(CreateUserRequest, User, users_, CreateUser)
CORDON_CRASH_LOOP_CALL(CreateOrganizationRequest, Organization, organizations_,
                       CreateOrganization)
CORDON_CRASH_LOOP_CALL(GetOrganizationRequest, Organization, organizations_,
                       GetOrganization)
CORDON_CRASH_LOOP_CALL(SyncInventoryRequest, SyncInventoryResponse,
                       organizations_, SyncInventory)
CORDON_CRASH_LOOP_CALL(CreateIdentityRequest, Identity, identities_,
                       CreateIdentity)
CORDON_CRASH_LOOP_CALL(GetIdentityRequest, Identity, identities_, GetIdentity)
CORDON_CRASH_LOOP_CALL(ListIdentitiesRequest, ListIdentitiesResponse,
                       identities_, ListIdentities)
CORDON_CRASH_LOOP_CALL(CreateIncidentReportRequest, IncidentReport, incidents_,
                       CreateIncidentReport)
CORDON_CRASH_LOOP_CALL(GetIncidentReportRequest, IncidentReport, incidents_,
                       GetIncidentReport)
CORDON_CRASH_LOOP_CALL(SendIncidentReportRequest, IncidentReport, incidents_,
                       SendIncidentReport)
CORDON_CRASH_LOOP_CALL(ResolveIncidentReportRequest, IncidentReport, incidents_,
                       ResolveIncidentReport)
CORDON_CRASH_LOOP_CALL(RecordSignInRequest, RecordSignInResponse, telemetry_,
                       RecordSignIn)
CORDON_CRASH_LOOP_CALL(GetEscalationRequest, Escalation, escalations_,
                       GetEscalation)
CORDON_CRASH_LOOP_CALL(AnswerEscalationRequest, Escalation, escalations_,
                       AnswerEscalation)

#undef CORDON_CRASH_LOOP_CALL

grpc::Status Client::Escalations(const std::string& account,
                                 std::vector<v1::Escalation>* out,
                                 const std::string& filter) {
  out->clear();
  v1::ListEscalationsRequest request;
  request.set_parent(account);
  request.set_filter(filter);
  request.set_page_size(1000);
  do {
    v1::ListEscalationsResponse response;
    const grpc::Status status = Invoke(
        escalations_.get(), &v1::EscalationService::Stub::ListEscalations,
        request, &response);
    if (!status.ok()) return status;
    out->insert(out->end(), response.escalations().begin(),
                response.escalations().end());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return grpc::Status::OK;
}

}  // namespace cordon::process_testing::crash_loop
