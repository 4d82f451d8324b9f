#ifndef CORDON_TESTS_PROCESS_CHILD_PROCESS_H_
#define CORDON_TESTS_PROCESS_CHILD_PROCESS_H_

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace cordon::process_testing {

using Steady = std::chrono::steady_clock;

// A TCP port on 127.0.0.1 free when asked (for servers such as slapd and
// etcd that must be told their port); 0 when none could be found.
int FreePort();

// poll()'s timeout for what is left until `deadline`, never negative.
int MillisLeft(Steady::time_point deadline);

// One child process (a real binary) with stdout and stderr merged on a
// pipe. It dies with the test (PR_SET_PDEATHSIG) and is SIGKILLed and
// reaped when this goes away. Every wait takes a deadline. A thread of its
// own reads the pipe all the time, so a child that logs a line per call
// (cordon-server's access log) never blocks on a full pipe while the test
// is busy elsewhere.
class ChildProcess {
 public:
  // `argv[0]` is the binary. started() is false when fork/exec failed.
  explicit ChildProcess(std::vector<std::string> argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  // The groups (0: the whole match) of the first line from here on that
  // matches `pattern`; nullopt at the end of the output or at `deadline`.
  std::optional<std::vector<std::string>> WaitForLine(
      const std::regex& pattern, Steady::time_point deadline);
  // Reads (and keeps) output until `deadline`: a bounded wait that still
  // drains the pipe so the child never blocks writing its log.
  void DrainUntil(Steady::time_point deadline);
  // SIGKILL and reap: the crash a service manager would see.
  void Kill();
  // Sends `signal_number` (e.g. SIGTERM) unless the child was reaped.
  void Signal(int signal_number);
  // Reads the output to its end, then waits for the child to exit: its wait
  // status, or nullopt when it has not exited by `deadline` (it is then
  // left for Kill or the destructor).
  std::optional<int> WaitForExit(Steady::time_point deadline);
  // Everything read from the child so far.
  std::string output() const;

 private:
  // The next complete line, or nullopt at end of output or `deadline`.
  std::optional<std::string> NextLine(Steady::time_point deadline);
  // The reader thread: appends what the pipe gives until its end or Stop.
  void Read();

  pid_t pid_ = -1;
  int out_ = -1;
  std::atomic<bool> stop_reading_{false};
  std::thread reader_;
  mutable std::mutex mu_;
  std::condition_variable grew_;
  bool eof_ = false;     // guarded by mu_
  std::string pending_;  // guarded by mu_: not yet returned as a line
  std::string output_;   // guarded by mu_
};

}  // namespace cordon::process_testing

#endif  // CORDON_TESTS_PROCESS_CHILD_PROCESS_H_
