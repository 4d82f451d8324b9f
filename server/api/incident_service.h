#ifndef CORDON_SERVER_API_INCIDENT_SERVICE_H_
#define CORDON_SERVER_API_INCIDENT_SERVICE_H_

#include "cordon/v1/incident.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/api/paging.h"
#include "server/engine/incidents/incident_manager.h"

namespace cordon::api {

// Incident reports. SOC analysts write and send them; account admins and
// SOC analysts resolve; account admins reject (false positive). Everyone of
// the account reads; organization users read their organization's only.
class IncidentService final : public cordon::v1::IncidentService::Service {
 public:
  IncidentService(CallRunner* runner, engine::IncidentManager* incidents,
                  const PageTokens* pages)
      : runner_(runner), incidents_(incidents), pages_(pages) {}

  grpc::Status CreateIncidentReport(
      grpc::ServerContext* context,
      const cordon::v1::CreateIncidentReportRequest* request,
      cordon::v1::IncidentReport* response) override;
  grpc::Status GetIncidentReport(
      grpc::ServerContext* context,
      const cordon::v1::GetIncidentReportRequest* request,
      cordon::v1::IncidentReport* response) override;
  grpc::Status ListIncidentReports(
      grpc::ServerContext* context,
      const cordon::v1::ListIncidentReportsRequest* request,
      cordon::v1::ListIncidentReportsResponse* response) override;
  grpc::Status UpdateIncidentReport(
      grpc::ServerContext* context,
      const cordon::v1::UpdateIncidentReportRequest* request,
      cordon::v1::IncidentReport* response) override;
  grpc::Status SendIncidentReport(
      grpc::ServerContext* context,
      const cordon::v1::SendIncidentReportRequest* request,
      cordon::v1::IncidentReport* response) override;
  grpc::Status ResolveIncidentReport(
      grpc::ServerContext* context,
      const cordon::v1::ResolveIncidentReportRequest* request,
      cordon::v1::IncidentReport* response) override;
  grpc::Status RejectIncidentReport(
      grpc::ServerContext* context,
      const cordon::v1::RejectIncidentReportRequest* request,
      cordon::v1::IncidentReport* response) override;

 private:
  CallRunner* runner_;
  engine::IncidentManager* incidents_;
  const PageTokens* pages_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_INCIDENT_SERVICE_H_
