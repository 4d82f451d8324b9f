#ifndef CORDON_TESTS_PROCESS_CRASH_LOOP_CONTROL_H_
#define CORDON_TESTS_PROCESS_CRASH_LOOP_CONTROL_H_

// Process control of the crash loop: cordon-sim --serve (the world, with an
// SMTP sink) runs throughout; cordon-server runs on one data dir and is
// killed with SIGKILL at seeded moments — after a seeded number of the
// workload's writes or a seeded time, whichever the seed chose — while the
// workload thread has a call in flight, then restarted. After each restart
// the model retries what lost its answer and checks what was acknowledged;
// at the end everything must converge (docs/reliability.md, "Crash loops").

#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include "tests/process/crash_loop_checker.h"
#include "tests/process/crash_loop_driver.h"
#include "tests/process/crash_loop_gate.h"
#include "tests/process/crash_loop_history.h"
#include "tests/process/served_cordon.h"

namespace cordon::process_testing::crash_loop {

struct Options {
  int kills = 25;
  uint64_t seed = 1;
};

struct Outcome {
  int kills = 0;  // survived: restarted and checked
  size_t writes = 0;
  int lost_answers = 0;
  int mid_action_restarts = 0;
  int isolated = 0;     // reports sent (ISO-2)
  int released = 0;     // of which resolved (ISO-4)
  int escalations = 0;  // notified, checked at the end
  int answered = 0;     // escalations answered (ESC-8)
  size_t mails = 0;     // messages in the SMTP sink at the end
};

class CrashLoop {
 public:
  CrashLoop(const std::string& directory, const Options& options);
  // Set-up, the kills, the final checks: "" or what failed, with the seed
  // and the kill index. The seed replays the choices (what to send, when to
  // kill), not the exact timing, so it narrows a failure down rather than
  // reproducing it step for step.
  std::string Run(Outcome* outcome);

 private:
  std::string SetUp();
  std::string SetUpTenantUsers(Client& client);
  std::string Restart();
  // "" or what went wrong before the kill.
  std::string KillAtSeededMoment();
  std::string Finish();
  void Summarize(Outcome* outcome) const;
  void Workload();

  const std::string directory_;
  const Options options_;
  const int users_;
  std::mt19937_64 random_;
  std::unique_ptr<ServedTenant> tenant_;
  std::unique_ptr<CordonServer> server_;
  History history_;
  Driver driver_;
  std::unique_ptr<Checker> checker_;
  Gate gate_;
  int kill_ = 0;
};

}  // namespace cordon::process_testing::crash_loop

#endif  // CORDON_TESTS_PROCESS_CRASH_LOOP_CONTROL_H_
