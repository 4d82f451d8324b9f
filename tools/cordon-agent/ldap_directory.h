#ifndef CORDON_TOOLS_CORDON_AGENT_LDAP_DIRECTORY_H_
#define CORDON_TOOLS_CORDON_AGENT_LDAP_DIRECTORY_H_

#include <mutex>
#include <string>

#include "tools/cordon-agent/directory.h"

namespace cordon::agent {

struct LdapOptions {
  // ldaps://dc01.example.local (TLS) or ldap://127.0.0.1:PORT (loopback
  // only; checked by main.cc).
  std::string uri;
  std::string bind_dn;
  std::string password;  // read from a 0600 file; never logged
  std::string base_dn;   // where accounts are searched (subtree)
  std::string ca_file;   // PEM; for ldaps://, else the system's
};

// Active Directory (or any LDAP directory with userPrincipalName and
// userAccountControl) over OpenLDAP's libldap: binds, finds the one account
// whose userPrincipalName is the command's, and replaces its
// userAccountControl with bit 0x2 set or cleared. One connection per
// command, so a directory restart costs nothing; a failure to reach or bind
// is retryable, no such account (or several) is permanent.
class LdapDirectory final : public Directory {
 public:
  explicit LdapDirectory(LdapOptions options) : options_(std::move(options)) {}
  DirectoryOutcome SetAccountEnabled(const std::string& upn,
                                     bool enabled) override;

 private:
  const LdapOptions options_;
  std::mutex mu_;
};

// RFC 4515 escaping of a value inside a search filter.
std::string EscapeFilterValue(const std::string& value);

}  // namespace cordon::agent

#endif  // CORDON_TOOLS_CORDON_AGENT_LDAP_DIRECTORY_H_
