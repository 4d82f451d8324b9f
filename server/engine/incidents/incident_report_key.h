#ifndef CORDON_SERVER_ENGINE_INCIDENTS_INCIDENT_REPORT_KEY_H_
#define CORDON_SERVER_ENGINE_INCIDENTS_INCIDENT_REPORT_KEY_H_

#include <string>

#include "server/core/resource_name.h"
#include "server/store/keys.h"

namespace cordon::engine {

// An incident report's key in the incident_reports family.
inline std::string IncidentReportKey(const core::IncidentReportName& name) {
  return store::KeyOf({name.account, name.organization, name.report});
}

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_INCIDENTS_INCIDENT_REPORT_KEY_H_
