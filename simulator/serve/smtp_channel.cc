#include "simulator/serve/smtp_channel.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>

namespace cordon::sim::serve {
namespace {

constexpr size_t kReadChunk = 4096;

void SetTimeouts(int fd, absl::Duration timeout) {
  const timeval tv = absl::ToTimeval(timeout);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

}  // namespace

SmtpChannel::SmtpChannel(int fd, absl::Duration idle_timeout) : fd_(fd) {
  SetTimeouts(fd_, idle_timeout);
}

SmtpChannel::~SmtpChannel() {
  if (ssl_ != nullptr) {
    SSL_shutdown(ssl_);
    SSL_free(ssl_);
  }
  close(fd_);
}

bool SmtpChannel::Fill() {
  char chunk[kReadChunk];
  if (ssl_ != nullptr) {
    const int n = SSL_read(ssl_, chunk, sizeof(chunk));
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  ssize_t n;
  do {
    n = recv(fd_, chunk, sizeof(chunk), 0);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

SmtpChannel::Read SmtpChannel::ReadLine(size_t max_chars, std::string* line) {
  bool too_long = false;
  size_t end;
  while ((end = buffer_.find('\n')) == std::string::npos) {
    // A line past the limit is thrown away as it comes, so memory stays
    // bounded whatever the client sends.
    if (buffer_.size() > max_chars) {
      too_long = true;
      buffer_.clear();
    }
    if (!Fill()) return Read::kClosed;
  }
  too_long = too_long || end > max_chars;
  line->assign(buffer_, 0, end);
  buffer_.erase(0, end + 1);
  if (!line->empty() && line->back() == '\r') line->pop_back();
  if (too_long) {
    line->clear();
    return Read::kTooLong;
  }
  return Read::kLine;
}

bool SmtpChannel::Write(absl::string_view text) {
  if (ssl_ != nullptr) {
    return SSL_write(ssl_, text.data(), static_cast<int>(text.size())) ==
           static_cast<int>(text.size());
  }
  while (!text.empty()) {
    const ssize_t n = send(fd_, text.data(), text.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool SmtpChannel::StartTls(SSL_CTX* context) {
  buffer_.clear();
  ssl_ = SSL_new(context);
  if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) return false;
  return SSL_accept(ssl_) == 1;
}

}  // namespace cordon::sim::serve
