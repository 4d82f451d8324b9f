#ifndef CORDON_TOOLS_CORDON_AGENT_OPTIONS_H_
#define CORDON_TOOLS_CORDON_AGENT_OPTIONS_H_

#include <string>

namespace cordon::agent {

// Reads a secret (the agent key, the LDAP password) from `path`, which must
// be a regular file only its owner can read or write (mode 0600 or
// stricter); the trailing newline is dropped. On failure, `error` names
// `flag` and says why, never what the file holds.
bool ReadSecretFile(const std::string& path, const std::string& flag,
                    std::string* secret, std::string* error);

// host:port whose host is 127.0.0.1, ::1 or localhost.
bool IsLoopbackAddress(const std::string& address);
// ldap://127.0.0.1:PORT and the like.
bool IsLoopbackUri(const std::string& uri);

}  // namespace cordon::agent

#endif  // CORDON_TOOLS_CORDON_AGENT_OPTIONS_H_
