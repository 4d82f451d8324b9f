#include "tools/cordon-agent/options.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace cordon::agent {

bool ReadSecretFile(const std::string& path, const std::string& flag,
                    std::string* secret, std::string* error) {
  struct stat info {};
  if (path.empty() || ::stat(path.c_str(), &info) != 0 ||
      !S_ISREG(info.st_mode)) {
    *error = absl::StrCat(flag, " must name a readable file");
    return false;
  }
  if ((info.st_mode & 077) != 0) {
    *error = absl::StrCat(flag, " ", path,
                          " must be readable by its owner only (chmod 600)");
    return false;
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  *secret = std::string(absl::StripAsciiWhitespace(text.str()));
  if (!in || secret->empty()) {
    *error = absl::StrCat(flag, " ", path, " is empty or unreadable");
    return false;
  }
  return true;
}

bool IsLoopbackAddress(const std::string& address) {
  return absl::StartsWith(address, "127.0.0.1:") ||
         absl::StartsWith(address, "localhost:") ||
         absl::StartsWith(address, "[::1]:");
}

bool IsLoopbackUri(const std::string& uri) {
  absl::string_view rest = uri;
  return absl::ConsumePrefix(&rest, "ldap://") &&
         IsLoopbackAddress(std::string(rest));
}

}  // namespace cordon::agent
