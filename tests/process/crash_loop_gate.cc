#include "tests/process/crash_loop_gate.h"

namespace cordon::process_testing::crash_loop {

void Gate::Open(int port, const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  ++epoch_;
  open_ = true;
  parked_ = false;
  steps_ = 0;
  port_ = port;
  key_ = key;
  cv_.notify_all();
}

void Gate::AwaitMoment(int steps, Steady::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_until(lock, deadline, [&] { return steps_ >= steps || parked_; });
}

void Gate::Close() {
  std::unique_lock<std::mutex> lock(mu_);
  open_ = false;
  // An epoch the workload never took (a kill right at the start) is over.
  if (taken_ != epoch_) parked_ = true;
  cv_.wait(lock, [&] { return parked_; });
}

void Gate::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stop_ = true;
  cv_.notify_all();
}

bool Gate::AwaitOpen(int* port, std::string* key) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return stop_ || (open_ && epoch_ != taken_); });
  if (stop_) return false;
  taken_ = epoch_;
  *port = port_;
  *key = key_;
  return true;
}

bool Gate::IsOpen() {
  std::lock_guard<std::mutex> lock(mu_);
  return open_ && failure_.empty();
}

void Gate::Stepped() {
  std::lock_guard<std::mutex> lock(mu_);
  ++steps_;
  cv_.notify_all();
}

void Gate::Fail(const std::string& failure) {
  std::lock_guard<std::mutex> lock(mu_);
  failure_ = failure;
}

void Gate::Park() {
  std::lock_guard<std::mutex> lock(mu_);
  parked_ = true;
  cv_.notify_all();
}

std::string Gate::failure() {
  std::lock_guard<std::mutex> lock(mu_);
  return failure_;
}

}  // namespace cordon::process_testing::crash_loop
