#ifndef CORDON_TESTS_PROCESS_CRASH_LOOP_GATE_H_
#define CORDON_TESTS_PROCESS_CRASH_LOOP_GATE_H_

#include <condition_variable>
#include <mutex>
#include <string>

#include "tests/process/child_process.h"

namespace cordon::process_testing::crash_loop {

// Hands the live server from the controller to the workload thread and back.
class Gate {
 public:
  // Controller: lets the workload run against `port`.
  void Open(int port, const std::string& key);
  // Controller: waits until `steps` more writes were answered, `deadline`
  // passed, or the workload stopped by itself.
  void AwaitMoment(int steps, Steady::time_point deadline);
  // Controller: closes the epoch and waits until the workload is parked.
  void Close();
  void Stop();
  // The workload thread: waits for the next epoch; false once stopped.
  bool AwaitOpen(int* port, std::string* key);
  bool IsOpen();
  void Stepped();
  // The workload stopped on an answer it should not have had.
  void Fail(const std::string& failure);
  void Park();
  std::string failure();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int epoch_ = 0;
  int taken_ = 0;  // the last epoch the workload took
  bool open_ = false;
  bool parked_ = true;
  bool stop_ = false;
  int steps_ = 0;
  int port_ = 0;
  std::string key_;
  std::string failure_;
};

}  // namespace cordon::process_testing::crash_loop

#endif  // CORDON_TESTS_PROCESS_CRASH_LOOP_GATE_H_
