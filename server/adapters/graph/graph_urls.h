#ifndef CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_URLS_H_
#define CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_URLS_H_

// The Microsoft Graph URLs the REST adapter calls, built from --graph_base_url
// and the user's UPN or id. Every caller-supplied piece goes through
// EncodePathSegment, so a UPN cannot change which resource is addressed.

#include <string>

#include "absl/strings/string_view.h"

namespace cordon::adapters::graph {

// `segment` as one path segment (RFC 3986): unreserved characters and '@'
// (common in UPNs, allowed in a path) stay, every other byte becomes %XX. A
// segment of only dots is encoded whole, since "." and ".." would otherwise
// be removed as dot segments and address another resource.
std::string EncodePathSegment(absl::string_view segment);

// --graph_base_url's default: Graph's v1.0 endpoint in the global cloud.
inline constexpr absl::string_view kDefaultGraphBaseUrl =
    "https://graph.microsoft.com/v1.0";

// The properties ports::GraphUser needs, plus the ones ParseUser requires.
inline constexpr absl::string_view kUserSelect =
    "id,userPrincipalName,accountEnabled,onPremisesSyncEnabled,usageLocation";

class GraphUrls {
 public:
  // `base_url` such as "https://graph.microsoft.com/v1.0"; a trailing '/'
  // is dropped.
  explicit GraphUrls(absl::string_view base_url);

  // GET /users/{id}?$select=...
  std::string User(absl::string_view upn) const;
  // PATCH /users/{id}
  std::string UserForUpdate(absl::string_view upn) const;
  // POST /users/{id}/revokeSignInSessions
  std::string RevokeSignInSessions(absl::string_view upn) const;
  // GET /users/{id}/mailFolders/inbox/messageRules
  std::string InboxRules(absl::string_view upn) const;
  // PATCH /users/{id}/mailFolders/inbox/messageRules/{rule}
  std::string InboxRule(absl::string_view upn, absl::string_view rule_id) const;
  // GET /users/{id}/mailFolders/{well-known name}?$select=id
  std::string WellKnownFolder(absl::string_view upn,
                              absl::string_view name) const;
  // GET /domains
  std::string Domains() const;
  // GET /users/delta?$select=...: the first page of a full round (ISO-12).
  std::string UsersDelta() const;
  // GET /users?$top=1&$select=id,userPrincipalName: CheckM365Access's user
  // read, which also names a mailbox to try.
  std::string FirstUser() const;

  // Whether an @odata.nextLink points below the base URL. Pages are fetched
  // with our bearer token, so a link elsewhere (a broken or hostile answer)
  // is never followed.
  bool IsBelowBase(absl::string_view url) const;

 private:
  std::string UserPath(absl::string_view upn) const;

  std::string base_url_;
};

}  // namespace cordon::adapters::graph

#endif  // CORDON_SERVER_ADAPTERS_GRAPH_GRAPH_URLS_H_
