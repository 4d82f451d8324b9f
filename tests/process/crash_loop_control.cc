#include "tests/process/crash_loop_control.h"

#include <cstdio>
#include <optional>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"

namespace cordon::process_testing::crash_loop {
namespace {

// A kill lands after 0..kMaxSteps answered writes, or after 0..kMaxMillis.
constexpr int kMaxSteps = 8;
constexpr int kMaxMillis = 400;
// Older acknowledged writes re-verified after each restart.
constexpr int kSample = 3;
constexpr auto kConverge = std::chrono::seconds(60);

}  // namespace

CrashLoop::CrashLoop(const std::string& directory, const Options& options)
    : directory_(directory),
      options_(options),
      users_(Driver::UsersFor(options.kills)),
      random_(options.seed),
      driver_(&history_, options.seed ^ 0x9e3779b97f4a7c15ULL) {}

std::string CrashLoop::Run(Outcome* outcome) {
  std::string failure = SetUp();
  std::thread workload([this] { Workload(); });
  while (failure.empty() && kill_ < options_.kills) {
    failure = KillAtSeededMoment();
    if (failure.empty()) failure = gate_.failure();
    if (failure.empty()) failure = Restart();
    if (failure.empty()) ++kill_;  // survived
    // A long run shows it is alive.
    if (kill_ % 100 == 0 && kill_ > 0 && failure.empty()) {
      std::fprintf(stderr, "crash loop seed %llu: %d kills survived\n",
                   static_cast<unsigned long long>(options_.seed), kill_);
    }
  }
  if (failure.empty()) failure = Finish();
  gate_.Stop();
  workload.join();
  Summarize(outcome);
  if (failure.empty()) return "";
  return absl::StrCat("seed ", options_.seed, ", kill index ", kill_, " (of ",
                      options_.kills, "): ", failure, "\nserver log:\n",
                      server_ ? server_->log() : "");
}

void CrashLoop::Summarize(Outcome* outcome) const {
  outcome->kills = kill_;
  outcome->writes = history_.writes();
  outcome->lost_answers = history_.lost_answers();
  for (const TenantUser& user : history_.users) {
    outcome->isolated += user.send != nullptr ? 1 : 0;
    outcome->released += user.resolve != nullptr ? 1 : 0;
  }
  outcome->answered = static_cast<int>(history_.answered_escalations.size());
  if (checker_ == nullptr) return;
  outcome->mid_action_restarts = checker_->mid_action_restarts();
  outcome->escalations = checker_->escalations_checked();
  outcome->mails = checker_->mails();
}

void CrashLoop::Workload() {
  int port = 0;
  std::string key;
  while (gate_.AwaitOpen(&port, &key)) {
    Client client(port, key);
    while (gate_.IsOpen()) {
      const grpc::Status status = driver_.Step(client);
      if (!Answered(status)) break;  // killed: retried after the restart
      if (!status.ok()) {
        gate_.Fail(driver_.last() + " was refused: " + Describe(status));
        break;
      }
      gate_.Stepped();
    }
    gate_.Park();
  }
}

std::string CrashLoop::KillAtSeededMoment() {
  const bool by_steps = std::bernoulli_distribution(0.5)(random_);
  const int steps = std::uniform_int_distribution<int>(0, kMaxSteps)(random_);
  const int millis = std::uniform_int_distribution<int>(0, kMaxMillis)(random_);
  driver_.StartEpoch(kill_);
  gate_.Open(server_->port(), server_->key());
  // By steps: bounded all the same, should the workload stall.
  gate_.AwaitMoment(by_steps ? steps : INT_MAX,
                    Steady::now() + std::chrono::milliseconds(
                                        by_steps ? 5 * kMaxMillis : millis));
  // A server that died by itself is a crash the loop must not absorb.
  const std::optional<int> exited = server_->ExitStatus();
  server_->Kill();
  gate_.Close();
  return exited.has_value()
             ? absl::StrCat("cordon-server exited by itself (wait status ",
                            *exited, ")")
             : "";
}

std::string CrashLoop::Restart() {
  if (std::string failure = server_->Start(); !failure.empty()) {
    return "restart: " + failure;
  }
  Client client(server_->port(), server_->key());
  std::string failure = history_.Recover(client, random_, kSample);
  // The mailbox is read at most 50 times a run: a long run's sink is big.
  const int every = std::max(1, options_.kills / 50);
  if (failure.empty()) failure = checker_->Observe(client, kill_ % every == 0);
  return failure;
}

std::string CrashLoop::Finish() {
  Client client(server_->port(), server_->key());
  const auto deadline = Steady::now() + kConverge;
  std::string unsettled = checker_->Unsettled(client);
  while (!unsettled.empty() && Steady::now() < deadline) {
    // Bounded: reads the server's log for 50 ms between polls.
    server_->Wait(Steady::now() + std::chrono::milliseconds(50));
    unsettled = checker_->Unsettled(client);
  }
  if (!unsettled.empty()) return "did not converge: " + unsettled;
  // The mail is read once, by Check().
  std::string failure = checker_->Observe(client, /*mail=*/false);
  if (failure.empty()) failure = history_.VerifyAll(client);
  if (failure.empty()) failure = checker_->Check(client);
  return failure;
}

}  // namespace cordon::process_testing::crash_loop
