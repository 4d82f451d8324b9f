#ifndef CORDON_TESTS_PROCESS_CRASH_LOOP_CLIENT_H_
#define CORDON_TESTS_PROCESS_CRASH_LOOP_CLIENT_H_

// The gRPC calls the crash loop's workload makes against one cordon-server
// process (one port), with the bootstrap SOC analyst key. Each returns the
// call's status; a status with no answer from the server (the process was
// killed) is told apart by Answered().

#include <memory>
#include <string>
#include <vector>

#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/escalation.grpc.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/incident.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"
#include "cordon/v1/telemetry.grpc.pb.h"
#include "cordon/v1/user.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace cordon::process_testing::crash_loop {

// False when the server gave no answer: the connection broke or never came
// up (UNAVAILABLE), or the call's bound passed (DEADLINE_EXCEEDED).
bool Answered(const grpc::Status& status);

class Client {
 public:
  Client(int port, std::string key);

  grpc::Status Call(const v1::CreateAccountRequest& request,
                    v1::AccountChange* response);
  grpc::Status Call(const v1::CreateUserRequest& request, v1::User* response);
  grpc::Status Call(const v1::CreateOrganizationRequest& request,
                    v1::Organization* response);
  grpc::Status Call(const v1::GetOrganizationRequest& request,
                    v1::Organization* response);
  grpc::Status Call(const v1::SyncInventoryRequest& request,
                    v1::SyncInventoryResponse* response);
  grpc::Status Call(const v1::CreateIdentityRequest& request,
                    v1::Identity* response);
  grpc::Status Call(const v1::GetIdentityRequest& request,
                    v1::Identity* response);
  grpc::Status Call(const v1::ListIdentitiesRequest& request,
                    v1::ListIdentitiesResponse* response);
  grpc::Status Call(const v1::CreateIncidentReportRequest& request,
                    v1::IncidentReport* response);
  grpc::Status Call(const v1::GetIncidentReportRequest& request,
                    v1::IncidentReport* response);
  grpc::Status Call(const v1::SendIncidentReportRequest& request,
                    v1::IncidentReport* response);
  grpc::Status Call(const v1::ResolveIncidentReportRequest& request,
                    v1::IncidentReport* response);
  grpc::Status Call(const v1::RecordSignInRequest& request,
                    v1::RecordSignInResponse* response);
  grpc::Status Call(const v1::GetEscalationRequest& request,
                    v1::Escalation* response);
  grpc::Status Call(const v1::AnswerEscalationRequest& request,
                    v1::Escalation* response);

  // Every escalation of `account` that `filter` selects (all pages).
  grpc::Status Escalations(const std::string& account,
                           std::vector<v1::Escalation>* out,
                           const std::string& filter = "");

 private:
  template <typename Stub, typename Request, typename Response>
  grpc::Status Invoke(Stub* stub,
                      grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                   const Request&, Response*),
                      const Request& request, Response* response);

  std::shared_ptr<grpc::Channel> channel_;
  std::string key_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::UserService::Stub> users_;
  std::unique_ptr<v1::OrganizationService::Stub> organizations_;
  std::unique_ptr<v1::IdentityService::Stub> identities_;
  std::unique_ptr<v1::IncidentService::Stub> incidents_;
  std::unique_ptr<v1::TelemetryService::Stub> telemetry_;
  std::unique_ptr<v1::EscalationService::Stub> escalations_;
};

}  // namespace cordon::process_testing::crash_loop

#endif  // CORDON_TESTS_PROCESS_CRASH_LOOP_CLIENT_H_
