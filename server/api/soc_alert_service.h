#ifndef CORDON_SERVER_API_SOC_ALERT_SERVICE_H_
#define CORDON_SERVER_API_SOC_ALERT_SERVICE_H_

#include "cordon/v1/soc_alert.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/api/paging.h"
#include "server/engine/telemetry/soc_alerts.h"

namespace cordon::api {

// The SOC's alerts, newest first: SOC analysts only; every other principal
// gets PERMISSION_DENIED (partner users never see them).
class SocAlertService final : public cordon::v1::SocAlertService::Service {
 public:
  SocAlertService(CallRunner* runner, engine::SocAlerts* alerts,
                  const PageTokens* pages)
      : runner_(runner), alerts_(alerts), pages_(pages) {}

  grpc::Status ListSocAlerts(
      grpc::ServerContext* context,
      const cordon::v1::ListSocAlertsRequest* request,
      cordon::v1::ListSocAlertsResponse* response) override;
  grpc::Status GetSocAlert(grpc::ServerContext* context,
                           const cordon::v1::GetSocAlertRequest* request,
                           cordon::v1::SocAlert* response) override;

 private:
  CallRunner* runner_;
  engine::SocAlerts* alerts_;
  const PageTokens* pages_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_SOC_ALERT_SERVICE_H_
