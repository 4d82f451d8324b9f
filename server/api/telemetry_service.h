#ifndef CORDON_SERVER_API_TELEMETRY_SERVICE_H_
#define CORDON_SERVER_API_TELEMETRY_SERVICE_H_

#include "cordon/v1/telemetry.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/engine/telemetry/endpoint_monitor.h"
#include "server/engine/telemetry/telemetry_manager.h"

namespace cordon::api {

// Telemetry ingestion: SERVICE and SOC_ANALYST keys only; every other role
// is PERMISSION_DENIED, whatever account it belongs to. Sign-ins go to the
// TelemetryManager, endpoint status reports to the EndpointMonitor.
class TelemetryService final : public cordon::v1::TelemetryService::Service {
 public:
  TelemetryService(CallRunner* runner, engine::TelemetryManager* telemetry,
                   engine::EndpointMonitor* endpoints)
      : runner_(runner), telemetry_(telemetry), endpoints_(endpoints) {}

  grpc::Status RecordSignIn(
      grpc::ServerContext* context,
      const cordon::v1::RecordSignInRequest* request,
      cordon::v1::RecordSignInResponse* response) override;
  grpc::Status RecordEndpointStatus(
      grpc::ServerContext* context,
      const cordon::v1::RecordEndpointStatusRequest* request,
      cordon::v1::RecordEndpointStatusResponse* response) override;

 private:
  CallRunner* runner_;
  engine::TelemetryManager* telemetry_;
  engine::EndpointMonitor* endpoints_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_TELEMETRY_SERVICE_H_
