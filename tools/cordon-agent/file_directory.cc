#include "tools/cordon-agent/file_directory.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace cordon::agent {
namespace {

constexpr size_t kMaxFileBytes = 64 << 20;

DirectoryOutcome Retryable(std::string detail) {
  return {DirectoryOutcome::Kind::kRetryable, std::move(detail)};
}

// Writes `text` to `path` whole or not at all.
bool WriteDurably(const std::string& path, const std::string& text) {
  const std::string temp = path + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return false;
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const bool ok = written == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  return ok && std::rename(temp.c_str(), path.c_str()) == 0;
}

}  // namespace

DirectoryOutcome FileDirectory::SetAccountEnabled(const std::string& upn,
                                                  bool enabled) {
  std::lock_guard<std::mutex> lock(mu_);
  std::ifstream in(path_);
  if (!in) return Retryable(absl::StrCat("cannot read ", path_));
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxFileBytes) {
    return {DirectoryOutcome::Kind::kPermanent, "directory file too large"};
  }
  nlohmann::json accounts = nlohmann::json::parse(text.str(), nullptr, false);
  if (!accounts.is_object()) {
    return Retryable(absl::StrCat(path_, " is not a JSON object"));
  }
  const std::string wanted = absl::AsciiStrToLower(upn);
  for (auto& [name, control] : accounts.items()) {
    if (absl::AsciiStrToLower(name) != wanted) continue;
    if (!control.is_number_integer()) {
      return {DirectoryOutcome::Kind::kPermanent,
              absl::StrCat("userAccountControl of ", name, " is no number")};
    }
    const long after = WithEnabled(control.get<long>(), enabled);
    control = after;
    if (!WriteDurably(path_, accounts.dump(2) + "\n")) {
      return Retryable(absl::StrCat("cannot write ", path_));
    }
    return {DirectoryOutcome::Kind::kSucceeded,
            absl::StrCat("userAccountControl=", after)};
  }
  return {DirectoryOutcome::Kind::kPermanent,
          absl::StrCat("no account with userPrincipalName ", upn)};
}

}  // namespace cordon::agent
