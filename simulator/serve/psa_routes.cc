// The served PSAs' route table (router.h, served_psas.h).

#include <string>
#include <vector>

#include "simulator/serve/router.h"

namespace cordon::sim::serve {
namespace {

// ConnectWise's REST API below its release path ("/v2025_1/apis/3.0").
std::string ConnectWise(const std::string& rest) {
  return "/[^/]+/apis/3\\.0" + rest;
}

// Autotask's zone base ("/zone3/ATServicesRest/v1.0").
std::string Autotask(const std::string& rest) {
  return "/[^/]+/ATServicesRest/v1\\.0" + rest;
}

template <typename Endpoints>
Route PsaRoute(const char* method, std::string pattern, Endpoints* endpoints,
               WireAnswer (Endpoints::*handler)(const WireRequest&)) {
  return Route{method, std::move(pattern), RouteKind::kPsa,
               [endpoints, handler](const WireRequest& r) {
                 return (endpoints->*handler)(r);
               }};
}

template <typename Endpoints>
Route PsaRoute(const char* method, std::string pattern,
               const Endpoints* endpoints,
               WireAnswer (Endpoints::*handler)(const WireRequest&) const) {
  return Route{method, std::move(pattern), RouteKind::kPsa,
               [endpoints, handler](const WireRequest& r) {
                 return (endpoints->*handler)(r);
               }};
}

}  // namespace

std::vector<Route> PsaRoutes(ServedPsas* psas) {
  const ConnectWiseEndpoints* cw = &psas->connectwise();
  const AutotaskEndpoints* at = &psas->autotask();
  HaloEndpoints* halo = &psas->halo();
  std::vector<Route> routes = {
      PsaRoute("GET", "/login/companyinfo/([^/]+)", cw,
               &ConnectWiseEndpoints::CompanyInfo),
      PsaRoute("GET", ConnectWise("/service/tickets"), cw,
               &ConnectWiseEndpoints::ListTickets),
      PsaRoute("POST", ConnectWise("/service/tickets"), cw,
               &ConnectWiseEndpoints::CreateTicket),
      PsaRoute("POST", ConnectWise("/service/tickets/([0-9]+)/notes"), cw,
               &ConnectWiseEndpoints::AddNote),
      PsaRoute("GET", ConnectWise("/service/boards/([^/]+)"), cw,
               &ConnectWiseEndpoints::GetBoard),
      PsaRoute("GET", "/atservicesrest/v1\\.0/zoneInformation", at,
               &AutotaskEndpoints::ZoneInformation),
      PsaRoute("POST", Autotask("/Tickets/query"), at,
               &AutotaskEndpoints::QueryTickets),
      PsaRoute("POST", Autotask("/Tickets"), at,
               &AutotaskEndpoints::CreateTicket),
      PsaRoute("POST", Autotask("/Tickets/([0-9]+)/Notes"), at,
               &AutotaskEndpoints::AddNote),
      PsaRoute("GET", Autotask("/Companies/([^/]+)"), at,
               &AutotaskEndpoints::GetCompany),
      PsaRoute("POST", "/auth/token", halo, &HaloEndpoints::Token),
      PsaRoute("GET", "/api/Tickets", halo, &HaloEndpoints::SearchTickets),
      PsaRoute("POST", "/api/Tickets", halo, &HaloEndpoints::CreateTicket),
      PsaRoute("POST", "/api/Actions", halo, &HaloEndpoints::AddAction),
      PsaRoute("GET", "/api/Team/([^/]+)", halo, &HaloEndpoints::GetTeam),
  };
  auto admin = [psas](const char* method, const char* verb,
                      WireAnswer (ServedPsas::*handler)(const WireRequest&)) {
    return Route{
        method, std::string("/_sim/psa/([^/]+)/") + verb, RouteKind::kAdmin,
        [psas, handler](const WireRequest& r) { return (psas->*handler)(r); }};
  };
  routes.push_back(admin("POST", "fault", &ServedPsas::SetFault));
  routes.push_back(admin("POST", "fix", &ServedPsas::Fix));
  routes.push_back(admin("GET", "tickets", &ServedPsas::Tickets));
  return routes;
}

}  // namespace cordon::sim::serve
