#include "server/api/services.h"

#include "server/api/access_rule_service.h"
#include "server/api/account_service.h"
#include "server/api/agent_key_service.h"
#include "server/api/agent_service.h"
#include "server/api/api_key_service.h"
#include "server/api/audit_service.h"
#include "server/api/backup_service.h"
#include "server/api/escalation_service.h"
#include "server/api/identity_service.h"
#include "server/api/incident_service.h"
#include "server/api/organization_service.h"
#include "server/api/soc_alert_service.h"
#include "server/api/status_service.h"
#include "server/api/telemetry_service.h"
#include "server/api/user_service.h"

namespace cordon::api {

Services MakeServices(engine::Engine* engine, CallRunner* runner,
                      const PageTokens* pages,
                      const EventServiceOptions& event_options) {
  Services services;
  auto add = [&services](const char* full_name,
                         std::unique_ptr<grpc::Service> service) {
    services.entries.push_back({full_name, std::move(service)});
  };
  add(cordon::v1::AccountService::service_full_name(),
      std::make_unique<AccountService>(runner, &engine->accounts(),
                                       &engine->psa_check(), pages));
  add(cordon::v1::ApiKeyService::service_full_name(),
      std::make_unique<ApiKeyService>(runner, &engine->api_keys(), pages));
  add(cordon::v1::AgentKeyService::service_full_name(),
      std::make_unique<AgentKeyService>(runner, &engine->agent_keys(), pages));
  add(cordon::v1::AgentService::service_full_name(),
      std::make_unique<AgentService>(runner, &engine->agent_connections(),
                                     &engine->agent_actions(),
                                     &engine->api_keys()));
  add(cordon::v1::AuditService::service_full_name(),
      std::make_unique<AuditService>(runner, &engine->audit(), pages));
  add(cordon::v1::OrganizationService::service_full_name(),
      std::make_unique<OrganizationService>(
          runner, &engine->organizations(), &engine->inventory(), pages,
          &engine->m365_check(), &engine->agent_connections().presence()));
  add(cordon::v1::IdentityService::service_full_name(),
      std::make_unique<IdentityService>(runner, &engine->identities(),
                                        &engine->manual_isolation(), pages));
  add(cordon::v1::UserService::service_full_name(),
      std::make_unique<UserService>(runner, &engine->users(), pages));
  add(cordon::v1::IncidentService::service_full_name(),
      std::make_unique<IncidentService>(runner, &engine->incidents(), pages));
  add(cordon::v1::AccessRuleService::service_full_name(),
      std::make_unique<AccessRuleService>(runner, &engine->access_rules(),
                                          pages));
  add(cordon::v1::TelemetryService::service_full_name(),
      std::make_unique<TelemetryService>(runner, &engine->telemetry(),
                                         &engine->endpoints()));
  add(cordon::v1::SocAlertService::service_full_name(),
      std::make_unique<SocAlertService>(runner, &engine->soc_alerts(), pages));
  add(cordon::v1::EscalationService::service_full_name(),
      std::make_unique<EscalationService>(runner, &engine->escalations(),
                                          &engine->escalation_answerer(),
                                          pages));
  add(cordon::v1::StatusService::service_full_name(),
      std::make_unique<StatusService>(runner, &engine->dependency_status()));
  add(cordon::v1::BackupService::service_full_name(),
      std::make_unique<BackupService>(runner, &engine->backups()));
  auto events = std::make_unique<EventService>(
      runner, &engine->events(), &engine->event_notifier(), event_options);
  services.events = events.get();
  add(cordon::v1::EventService::service_full_name(), std::move(events));
  return services;
}

}  // namespace cordon::api
