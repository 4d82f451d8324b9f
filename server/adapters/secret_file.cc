#include "server/adapters/secret_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace cordon::adapters {
namespace {

// Closes the descriptor on every return path.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

absl::Status SecretFileRefused(const std::string& path, absl::string_view why) {
  return absl::FailedPreconditionError(
      absl::StrCat("secret file ", path, ": ", why));
}

// The mode is checked on the open descriptor, not the path, so the file
// cannot be swapped between the check and the read.
absl::Status CheckOwnerOnly(const std::string& path, int fd) {
  struct stat info {};
  if (fstat(fd, &info) != 0) {
    return SecretFileRefused(
        path, absl::StrCat("cannot stat: ", std::strerror(errno)));
  }
  if (!S_ISREG(info.st_mode))
    return SecretFileRefused(path, "not a regular file");
  const unsigned mode = info.st_mode & 07777;
  if ((mode & 077) != 0) {
    return SecretFileRefused(
        path, absl::StrFormat("mode is %04o; group and others must "
                              "have no access (chmod 600)",
                              mode));
  }
  return absl::OkStatus();
}

// Reads at most max_bytes + 1 bytes, enough to tell an oversized file.
absl::StatusOr<std::string> ReadUpTo(const std::string& path, int fd,
                                     size_t max_bytes) {
  std::string content(max_bytes + 1, '\0');
  size_t filled = 0;
  while (filled < content.size()) {
    const ssize_t n =
        read(fd, content.data() + filled, content.size() - filled);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return SecretFileRefused(
          path, absl::StrCat("cannot read: ", std::strerror(errno)));
    }
    filled += static_cast<size_t>(n);
  }
  if (filled > max_bytes) {
    return SecretFileRefused(path,
                             absl::StrCat("larger than ", max_bytes, " bytes"));
  }
  content.resize(filled);
  return content;
}

}  // namespace

absl::StatusOr<std::string> ReadSecretFile(const std::string& path,
                                           size_t max_bytes) {
  FileDescriptor fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    return SecretFileRefused(
        path, absl::StrCat("cannot open: ", std::strerror(errno)));
  }
  if (absl::Status mode = CheckOwnerOnly(path, fd.get()); !mode.ok()) {
    return mode;
  }
  absl::StatusOr<std::string> content = ReadUpTo(path, fd.get(), max_bytes);
  if (!content.ok()) return content.status();
  // Editors and `echo` end the file with a line break that is no part of
  // the secret.
  while (!content->empty() &&
         (content->back() == '\n' || content->back() == '\r')) {
    content->pop_back();
  }
  if (content->empty()) return SecretFileRefused(path, "empty");
  return content;
}

}  // namespace cordon::adapters
