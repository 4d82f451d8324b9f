#include "tests/process/child_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

namespace cordon::process_testing {

namespace {

// A server under load logs a line per call (megabytes a second in a
// benchmark): past 16 MiB the oldest half, in whole lines, is forgotten.
void KeepRecent(std::string* text) {
  constexpr size_t kMaxKept = size_t{16} << 20;
  if (text->size() <= kMaxKept) return;
  const size_t cut = text->find('\n', text->size() - kMaxKept / 2);
  text->erase(0, cut == std::string::npos ? text->size() : cut + 1);
}

}  // namespace

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

int MillisLeft(Steady::time_point deadline) {
  const long long left = std::chrono::duration_cast<std::chrono::milliseconds>(
                             deadline - Steady::now())
                             .count();
  return static_cast<int>(std::clamp<long long>(left, 0, INT_MAX));
}

ChildProcess::ChildProcess(std::vector<std::string> argv) {
  eof_ = true;  // until the reader runs: a child that never started
  std::vector<char*> args;
  for (std::string& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return;
  sigset_t no_signals;
  sigemptyset(&no_signals);
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    // Async-signal-safe calls only until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    // The child starts as a service manager would start it: no input, the
    // stop signals at their defaults and none blocked, whatever the test
    // runner inherited.
    const int dev_null = ::open("/dev/null", O_RDONLY);
    if (dev_null >= 0) ::dup2(dev_null, STDIN_FILENO);
    ::dup2(fds[1], STDOUT_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
    ::sigprocmask(SIG_SETMASK, &no_signals, nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  if (pid_ < 0) {
    ::close(fds[0]);
    return;
  }
  out_ = fds[0];
  eof_ = false;
  reader_ = std::thread([this] { Read(); });
}

ChildProcess::~ChildProcess() {
  Kill();
  // A grandchild may still hold the pipe open: stop reading regardless.
  stop_reading_ = true;
  if (reader_.joinable()) reader_.join();
  if (out_ >= 0) ::close(out_);
}

void ChildProcess::Read() {
  while (!stop_reading_) {
    // Bounded, so the destructor's stop is seen within 100 ms.
    pollfd readable = {out_, POLLIN, 0};
    const int ready = ::poll(&readable, 1, 100);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) continue;
    char chunk[4096];
    const ssize_t n = ready < 0 ? -1 : ::read(out_, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    std::lock_guard<std::mutex> lock(mu_);
    if (n <= 0) {
      eof_ = true;
      grew_.notify_all();
      return;
    }
    pending_.append(chunk, static_cast<size_t>(n));
    output_.append(chunk, static_cast<size_t>(n));
    KeepRecent(&pending_);
    KeepRecent(&output_);
    grew_.notify_all();
  }
}

std::string ChildProcess::output() const {
  std::lock_guard<std::mutex> lock(mu_);
  return output_;
}

void ChildProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

void ChildProcess::Signal(int signal_number) {
  if (pid_ > 0) ::kill(pid_, signal_number);
}

std::optional<int> ChildProcess::WaitForExit(Steady::time_point deadline) {
  if (pid_ <= 0) return std::nullopt;
  DrainUntil(deadline);
  // The output has ended, so the child is exiting. A pidfd turns readable
  // once it has exited: one bounded poll, no polling loop.
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd >= 0) {
    pollfd exited = {pidfd, POLLIN, 0};
    while (::poll(&exited, 1, MillisLeft(deadline)) < 0 && errno == EINTR) {
    }
    ::close(pidfd);
  }
  int status = 0;
  pid_t done = -1;
  do {
    done = ::waitpid(pid_, &status, WNOHANG);
  } while (done < 0 && errno == EINTR);
  if (done != pid_) return std::nullopt;
  pid_ = -1;
  return status;
}

std::optional<std::string> ChildProcess::NextLine(Steady::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  grew_.wait_until(lock, deadline, [this] {
    return eof_ || pending_.find('\n') != std::string::npos;
  });
  const size_t newline = pending_.find('\n');
  if (newline == std::string::npos) return std::nullopt;
  std::string line = pending_.substr(0, newline);
  pending_.erase(0, newline + 1);
  return line;
}

std::optional<std::vector<std::string>> ChildProcess::WaitForLine(
    const std::regex& pattern, Steady::time_point deadline) {
  while (std::optional<std::string> line = NextLine(deadline)) {
    std::smatch match;
    if (!std::regex_search(*line, match, pattern)) continue;
    std::vector<std::string> groups;
    for (const auto& group : match) groups.push_back(group.str());
    return groups;
  }
  return std::nullopt;
}

void ChildProcess::DrainUntil(Steady::time_point deadline) {
  while (Steady::now() < deadline && NextLine(deadline).has_value()) {
  }
}

}  // namespace cordon::process_testing
