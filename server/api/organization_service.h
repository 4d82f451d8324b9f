#ifndef CORDON_SERVER_API_ORGANIZATION_SERVICE_H_
#define CORDON_SERVER_API_ORGANIZATION_SERVICE_H_

#include "cordon/v1/organization.grpc.pb.h"
#include "server/api/call_runner.h"
#include "server/api/paging.h"
#include "server/engine/agent/agent_presence.h"
#include "server/engine/inventory/inventory_sync.h"
#include "server/engine/tenancy/m365_access_check.h"
#include "server/engine/tenancy/organization_manager.h"

namespace cordon::api {

// Organizations of an account. Its users read them (an ORGANIZATION_USER
// only its own); its admins and SOC analysts change them.
class OrganizationService final
    : public cordon::v1::OrganizationService::Service {
 public:
  OrganizationService(CallRunner* runner,
                      engine::OrganizationManager* organizations,
                      engine::InventorySync* inventory, const PageTokens* pages,
                      engine::M365AccessCheck* m365_check,
                      const engine::AgentPresence* agent_presence)
      : runner_(runner),
        agent_presence_(agent_presence),
        organizations_(organizations),
        inventory_(inventory),
        pages_(pages),
        m365_check_(m365_check) {}

  grpc::Status CreateOrganization(
      grpc::ServerContext* context,
      const cordon::v1::CreateOrganizationRequest* request,
      cordon::v1::Organization* response) override;
  grpc::Status GetOrganization(
      grpc::ServerContext* context,
      const cordon::v1::GetOrganizationRequest* request,
      cordon::v1::Organization* response) override;
  grpc::Status ListOrganizations(
      grpc::ServerContext* context,
      const cordon::v1::ListOrganizationsRequest* request,
      cordon::v1::ListOrganizationsResponse* response) override;
  grpc::Status UpdateOrganization(
      grpc::ServerContext* context,
      const cordon::v1::UpdateOrganizationRequest* request,
      cordon::v1::Organization* response) override;
  grpc::Status DeleteOrganization(
      grpc::ServerContext* context,
      const cordon::v1::DeleteOrganizationRequest* request,
      cordon::v1::DeleteOrganizationResponse* response) override;
  grpc::Status SyncInventory(
      grpc::ServerContext* context,
      const cordon::v1::SyncInventoryRequest* request,
      cordon::v1::SyncInventoryResponse* response) override;

  // ---- CheckM365Access ----
  grpc::Status CheckM365Access(
      grpc::ServerContext* context,
      const cordon::v1::CheckM365AccessRequest* request,
      cordon::v1::CheckM365AccessResponse* response) override;

 private:
  CallRunner* runner_;
  // ISO-15: agent_connected as this process sees it (a restart ends every
  // stream, whatever the stored row last said).
  const engine::AgentPresence* agent_presence_;
  engine::OrganizationManager* organizations_;
  engine::InventorySync* inventory_;
  const PageTokens* pages_;
  engine::M365AccessCheck* m365_check_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_ORGANIZATION_SERVICE_H_
