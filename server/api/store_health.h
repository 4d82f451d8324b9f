#ifndef CORDON_SERVER_API_STORE_HEALTH_H_
#define CORDON_SERVER_API_STORE_HEALTH_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/time/time.h"
#include "grpcpp/health_check_service_interface.h"

namespace cordon::api {

// grpc.health.v1 follows the store (docs/operations.md, "Health"): every
// service reports NOT_SERVING while the disk refuses writes, so a load
// balancer or an orchestrator's readiness probe sends clients elsewhere,
// and SERVING again once it takes them. The store resumes only when
// something tries (store/rocks/write_recovery.h); a quiet server gets no
// write, so each Check tries to resume first.
class StoreHealth {
 public:
  // `try_resume` tries to resume a refusing store and says whether it
  // takes writes (Engine::TryResumeWrites); `health` must outlive this.
  StoreHealth(std::function<bool()> try_resume,
              grpc::HealthCheckServiceInterface* health)
      : try_resume_(std::move(try_resume)), health_(health) {}
  ~StoreHealth() { Stop(); }

  // Tries to resume a refusing store, then sets every service's status
  // (logged as event "health" when it changes). Tests call it directly.
  void Check();
  // Runs Check every `interval` on a thread of its own until Stop: real
  // time, cordon-server only. Tests leave it off and call Check.
  void Start(absl::Duration interval);
  void Stop();

 private:
  void Loop(absl::Duration interval);

  const std::function<bool()> try_resume_;
  grpc::HealthCheckServiceInterface* const health_;
  std::mutex check_mu_;  // one Check at a time
  bool serving_ = true;  // guarded by check_mu_
  std::mutex mu_;
  std::condition_variable stop_;
  bool running_ = false;  // guarded by mu_
  std::unique_ptr<std::thread> thread_;
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_STORE_HEALTH_H_
