#ifndef CORDON_TESTS_PROCESS_CRASH_LOOP_DRIVER_H_
#define CORDON_TESTS_PROCESS_CRASH_LOOP_DRIVER_H_

// The crash loop's workload: a seeded mix of the writes an MSP's day brings
// (organizations and identities created, incident reports created, sent
// and resolved, sign-ins ingested through the telemetry API, login
// escalations answered), each recorded in the History before it is sent.

#include <cstdint>
#include <random>
#include <string>

#include "tests/process/crash_loop_history.h"

namespace cordon::process_testing::crash_loop {

class Driver {
 public:
  // `history` must outlive this; its account, tenant organization and
  // users are set up.
  Driver(History* history, uint64_t seed);
  // Chooses the next write, records it and sends it once. Its status
  // (Answered() false: the server is gone).
  grpc::Status Step(Client& client);
  // Tenant users a run of `kills` needs: each is isolated and released at
  // most once, a few at the start and one more every second kill, so that
  // isolations spread over the whole run.
  static int UsersFor(int kills);
  // Before epoch `kill` (the workload is parked): paces the reports.
  void StartEpoch(int kill);
  // What the last Step wrote.
  const std::string& last() const { return last_; }

 private:
  Op* Next(Client& client);
  Op* NewOrganization();
  Op* NewIdentity();
  Op* NewReport();
  Op* NewSend();
  Op* NewResolve();
  Op* NewSignIn();
  // A login escalation every recipient was notified of, answered EXPECTED
  // for its identities (ESC-8); nullptr when there is none.
  Op* NewAnswer(Client& client);

  History* const history_;
  std::mt19937_64 random_;
  int serial_ = 0;
  size_t users_available_ = 0;
  std::string last_;
};

}  // namespace cordon::process_testing::crash_loop

#endif  // CORDON_TESTS_PROCESS_CRASH_LOOP_DRIVER_H_
