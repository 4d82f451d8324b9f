#ifndef CORDON_CLIENT_NAMES_H_
#define CORDON_CLIENT_NAMES_H_

// Cordon's resource names ("accounts/7/organizations/3/identities/12"):
// builders that check each id, and a parser that says which kind of
// resource a name is and what its ids are. Bad input is INVALID_ARGUMENT
// naming the expected form; nothing is sent to the server.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cordon::client::names {

enum class Kind {
  kAccount,         // accounts/{a}
  kOrganization,    // accounts/{a}/organizations/{o}
  kIdentity,        // accounts/{a}/organizations/{o}/identities/{i}
  kIncidentReport,  // accounts/{a}/organizations/{o}/incidentReports/{r}
  kAgentKey,        // accounts/{a}/organizations/{o}/agentKeys/{k}
  kEscalation,      // accounts/{a}/escalations/{e}
  kUser,            // accounts/{a}/users/{u}
  kAccessRule,      // {account, organization or identity}/accessRules/{r}
  kAuditEvent,      // accounts/{a}/auditEvents/{e} or auditEvents/{e}
  kApiKey,          // apiKeys/{k}
  kSocAlert,        // socAlerts/{s}
};

// "identity", "incident report", ...
std::string KindName(Kind kind);

// A parsed name: its kind and its (collection, id) pairs in order.
struct ResourceName {
  Kind kind;
  std::vector<std::pair<std::string, std::string>> segments;

  // The id under `collection` ("accounts", "organizations", ...); "" when
  // the name has none.
  std::string Id(absl::string_view collection) const;
  // The last id: the resource's own.
  std::string id() const { return segments.back().second; }
  // The name without its last pair: "accounts/7" for an organization, ""
  // for a top-level resource.
  std::string Parent() const;
  // The name of the ancestor of `kind` it lies under (e.g. the
  // organization of an identity); "" when it lies under none.
  std::string Ancestor(Kind kind) const;
  std::string ToString() const;
};

absl::StatusOr<ResourceName> Parse(absl::string_view name);
// As Parse, and INVALID_ARGUMENT unless it is a name of `expected`.
absl::StatusOr<ResourceName> Parse(absl::string_view name, Kind expected);

// Builders. An id is non-empty printable ASCII without '/' or spaces.
absl::StatusOr<std::string> Account(absl::string_view account);
absl::StatusOr<std::string> Organization(absl::string_view account,
                                         absl::string_view organization);
absl::StatusOr<std::string> Identity(absl::string_view account,
                                     absl::string_view organization,
                                     absl::string_view identity);
absl::StatusOr<std::string> IncidentReport(absl::string_view account,
                                           absl::string_view organization,
                                           absl::string_view report);
absl::StatusOr<std::string> AgentKey(absl::string_view account,
                                     absl::string_view organization,
                                     absl::string_view key);
absl::StatusOr<std::string> Escalation(absl::string_view account,
                                       absl::string_view escalation);
absl::StatusOr<std::string> User(absl::string_view account,
                                 absl::string_view user);
// `scope` is an account, organization or identity name.
absl::StatusOr<std::string> AccessRule(absl::string_view scope,
                                       absl::string_view rule);
absl::StatusOr<std::string> ApiKey(absl::string_view key);

}  // namespace cordon::client::names

#endif  // CORDON_CLIENT_NAMES_H_
