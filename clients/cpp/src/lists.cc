// The common List RPCs as pagers (client.h): each one line over List.
#include "cordon/client/client.h"
#include "cordon/v1/access_rule.grpc.pb.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/api_key.grpc.pb.h"
#include "cordon/v1/escalation.grpc.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/incident.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"
#include "cordon/v1/user.grpc.pb.h"

namespace cordon::client {
namespace {

// A List request for `parent` with `filter`.
template <typename Request>
Request ListRequest(const std::string& parent, const std::string& filter) {
  Request request;
  request.set_parent(parent);
  request.set_filter(filter);
  return request;
}

}  // namespace

Pager<v1::Account> Client::Accounts() const {
  return List<v1::Account>(&v1::AccountService::Stub::ListAccounts,
                           v1::ListAccountsRequest());
}

Pager<v1::Organization> Client::Organizations(const std::string& account,
                                              const std::string& filter) const {
  return List<v1::Organization>(
      &v1::OrganizationService::Stub::ListOrganizations,
      ListRequest<v1::ListOrganizationsRequest>(account, filter));
}

Pager<v1::Identity> Client::Identities(const std::string& organization,
                                       const std::string& filter) const {
  return List<v1::Identity>(
      &v1::IdentityService::Stub::ListIdentities,
      ListRequest<v1::ListIdentitiesRequest>(organization, filter));
}

Pager<v1::IncidentReport> Client::IncidentReports(
    const std::string& organization, const std::string& filter) const {
  return List<v1::IncidentReport>(
      &v1::IncidentService::Stub::ListIncidentReports,
      ListRequest<v1::ListIncidentReportsRequest>(organization, filter));
}

Pager<v1::Escalation> Client::Escalations(const std::string& account,
                                          const std::string& filter) const {
  return List<v1::Escalation>(
      &v1::EscalationService::Stub::ListEscalations,
      ListRequest<v1::ListEscalationsRequest>(account, filter));
}

Pager<v1::User> Client::Users(const std::string& account,
                              const std::string& filter) const {
  return List<v1::User>(&v1::UserService::Stub::ListUsers,
                        ListRequest<v1::ListUsersRequest>(account, filter));
}

Pager<v1::AccessRule> Client::AccessRules(const std::string& parent,
                                          const std::string& filter) const {
  return List<v1::AccessRule>(
      &v1::AccessRuleService::Stub::ListAccessRules,
      ListRequest<v1::ListAccessRulesRequest>(parent, filter));
}

Pager<v1::ApiKey> Client::ApiKeys(const std::string& filter) const {
  v1::ListApiKeysRequest request;
  request.set_filter(filter);
  return List<v1::ApiKey>(&v1::ApiKeyService::Stub::ListApiKeys, request);
}

}  // namespace cordon::client
