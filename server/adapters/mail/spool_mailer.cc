#include "server/adapters/mail/spool_mailer.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "server/adapters/fd_write.h"
#include "server/adapters/mail/mime_message.h"
#include "server/core/fingerprint.h"

namespace cordon::adapters::mail {
namespace {

constexpr absl::string_view kTempPrefix = ".tmp-";
constexpr size_t kMaxNameChars = 200;
// A cut name keeps this much of the encoded id before its hash.
constexpr size_t kCutNameChars = 180;
bool KeptInName(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
         c == '+' || c == '@' || c == '-';
}

std::string ErrnoText(absl::string_view what, const std::string& path) {
  return absl::StrCat(what, " ", path, ": ", std::strerror(errno));
}

ports::MailOutcome Retryable(std::string detail) {
  return ports::MailOutcome{ports::MailOutcome::Kind::kRetryable,
                            std::move(detail)};
}

bool SyncDirectory(const std::string& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

std::string SpoolFileName(absl::string_view message_id) {
  std::string name;
  for (size_t i = 0; i < message_id.size(); ++i) {
    const char c = message_id[i];
    if (c == '/') {
      name += '_';
    } else if (KeptInName(c) && !(i == 0 && c == '.')) {
      name += c;
    } else {
      absl::StrAppendFormat(&name, "%%%02X", static_cast<unsigned char>(c));
    }
  }
  if (name.size() > kMaxNameChars) {
    name = absl::StrFormat("%s~%016x", name.substr(0, kCutNameChars),
                           core::Fingerprint(message_id));
  }
  return absl::StrCat(name, ".eml");
}

absl::StatusOr<std::unique_ptr<SpoolMailer>> SpoolMailer::Create(
    std::string directory, const ports::Clock* clock,
    SpoolMailerOptions options) {
  if (directory.empty() || clock == nullptr) {
    return absl::InvalidArgumentError(
        "SpoolMailer needs a directory and a clock");
  }
  std::error_code error;
  if (std::filesystem::create_directories(directory, error)) {
    std::filesystem::permissions(directory, std::filesystem::perms::owner_all,
                                 error);
  }
  if (error || !std::filesystem::is_directory(directory, error)) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create the mail spool ", directory, ": ",
                     error ? error.message() : "not a directory"));
  }
  // Left over by a crash mid-write: never renamed, so never delivered.
  for (const auto& entry :
       std::filesystem::directory_iterator(directory, error)) {
    if (absl::StartsWith(entry.path().filename().string(), kTempPrefix)) {
      std::error_code ignored;
      std::filesystem::remove(entry.path(), ignored);
    }
  }
  return std::unique_ptr<SpoolMailer>(
      new SpoolMailer(std::move(directory), clock, std::move(options)));
}

SpoolMailer::SpoolMailer(std::string directory, const ports::Clock* clock,
                         SpoolMailerOptions options)
    : directory_(std::move(directory)),
      clock_(clock),
      options_(std::move(options)) {}

ports::MailOutcome SpoolMailer::Send(const ports::EmailMessage& message) {
  if (message.message_id.empty()) {
    return {ports::MailOutcome::Kind::kPermanent, "message without an id"};
  }
  const std::string path =
      (std::filesystem::path(directory_) / SpoolFileName(message.message_id))
          .string();
  struct stat existing;
  if (::stat(path.c_str(), &existing) == 0) {
    return {ports::MailOutcome::Kind::kSpooled,
            absl::StrCat("already spooled as ", path)};
  }
  const std::string text = FormatMessage(message, options_.from, clock_->Now());
  std::string tmp = absl::StrCat(directory_, "/", kTempPrefix, "XXXXXX");
  // mkstemp: a unique name, mode 0600.
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    return Retryable(ErrnoText("cannot create a file in", directory_));
  const bool written = WriteAll(fd, text) && ::fsync(fd) == 0;
  std::string failure;
  if (!written) failure = ErrnoText("cannot write", tmp);
  if (::close(fd) != 0 && failure.empty()) {
    failure = ErrnoText("cannot close", tmp);
  }
  if (failure.empty() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    failure = ErrnoText("cannot rename to", path);
  }
  if (!failure.empty()) {
    ::unlink(tmp.c_str());
    return Retryable(std::move(failure));
  }
  if (!SyncDirectory(directory_)) {
    return Retryable(ErrnoText("cannot sync", directory_));
  }
  return {ports::MailOutcome::Kind::kSpooled,
          absl::StrCat("spooled as ", path)};
}

}  // namespace cordon::adapters::mail
