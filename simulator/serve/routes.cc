// The served simulator's route tables (router.h).

#include <vector>

#include "simulator/serve/router.h"

namespace cordon::sim::serve {
namespace {

// One path segment: a UPN, a rule id, a folder name, a tenant.
constexpr char kSegment[] = "([^/]+)";

std::string Users(const std::string& rest) {
  return std::string("/v1.0/users/") + kSegment + rest;
}

}  // namespace

std::vector<Route> TokenRoutes(const TokenEndpoint* endpoint) {
  return {{"POST", std::string("/") + kSegment + "/oauth2/v2.0/token",
           RouteKind::kToken,
           [endpoint](const WireRequest& r) { return endpoint->Handle(r); }}};
}

std::vector<Route> GraphRoutes(const GraphEndpoints* g) {
  return {
      // Before /v1.0/users/{id}, which would take "delta" for a UPN. Its
      // own links say delta(), as Graph's do.
      {"GET", R"(/v1.0/users/delta(?:\(\))?)", RouteKind::kGraph,
       [g](const WireRequest& r) { return g->ReadUsersDelta(r); }},
      {"POST", Users("/revokeSignInSessions"), RouteKind::kGraph,
       [g](const WireRequest& r) { return g->RevokeSignInSessions(r); }},
      {"PATCH", Users(""), RouteKind::kGraph,
       [g](const WireRequest& r) { return g->PatchUser(r); }},
      {"GET", Users(""), RouteKind::kGraph,
       [g](const WireRequest& r) { return g->GetUser(r); }},
      {"GET", Users("/mailFolders/inbox/messageRules"), RouteKind::kGraph,
       [g](const WireRequest& r) { return g->ListInboxRules(r); }},
      {"PATCH", Users("/mailFolders/inbox/messageRules/") + kSegment,
       RouteKind::kGraph,
       [g](const WireRequest& r) { return g->PatchInboxRule(r); }},
      {"GET", Users("/mailFolders/") + kSegment, RouteKind::kGraph,
       [g](const WireRequest& r) { return g->GetMailFolder(r); }},
      {"GET", "/v1.0/domains", RouteKind::kGraph,
       [g](const WireRequest& r) { return g->ListDomains(r); }},
      {"GET", "/v1.0/users", RouteKind::kGraph,
       [g](const WireRequest& r) { return g->ListUsers(r); }},
  };
}

std::vector<Route> AdminRoutes(const AdminEndpoints* a) {
  auto post = [a](const char* path, WireAnswer (AdminEndpoints::*handler)(
                                        const WireRequest&) const) {
    return Route{
        "POST", std::string("/_sim/") + path, RouteKind::kAdmin,
        [a, handler](const WireRequest& r) { return (a->*handler)(r); }};
  };
  return {
      {"GET", "/_sim/requests", RouteKind::kAdmin,
       [a](const WireRequest& r) { return a->Requests(r); }},
      {"GET", std::string("/_sim/users/") + kSegment + "/" + kSegment,
       RouteKind::kAdmin, [a](const WireRequest& r) { return a->User(r); }},
      post("sign_in", &AdminEndpoints::SignIn),
      post("set_account_enabled", &AdminEndpoints::SetAccountEnabled),
      post("set_on_prem_enabled", &AdminEndpoints::SetOnPremEnabled),
      post("inbox_rules", &AdminEndpoints::AddInboxRule),
      post("directory_sync", &AdminEndpoints::DirectorySync),
      post("tenant_aadsts", &AdminEndpoints::SetTenantAadsts),
      post("tenant_roles", &AdminEndpoints::SetTenantRoles),
  };
}

std::vector<Route> SmtpRoutes(SmtpMailbox* mailbox) {
  return {
      {"GET", "/_sim/smtp/messages", RouteKind::kAdmin,
       [mailbox](const WireRequest& r) { return mailbox->ListMessages(r); }},
      {"POST", "/_sim/smtp/fault", RouteKind::kAdmin,
       [mailbox](const WireRequest& r) { return mailbox->SetFault(r); }},
      {"POST", "/_sim/smtp/fix", RouteKind::kAdmin,
       [mailbox](const WireRequest& r) { return mailbox->Fix(r); }},
  };
}

}  // namespace cordon::sim::serve
