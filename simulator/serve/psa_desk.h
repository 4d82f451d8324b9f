#ifndef CORDON_SIMULATOR_SERVE_PSA_DESK_H_
#define CORDON_SIMULATOR_SERVE_PSA_DESK_H_

// One served PSA's state (docs/simulator.md, "Served PSAs"): its tickets
// and notes in memory, its fault knob and the answers it holds back. The
// product endpoints (connectwise_endpoints, autotask_endpoints,
// halo_endpoints) check credentials and shape the bodies; the desk decides
// faults the same way for all three.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "simulator/serve/wire.h"
#include "simulator/simulated_psa.h"

namespace cordon::sim::serve {

// What a call does, for a fault aimed at some calls only.
enum class PsaOperation { kDiscovery, kToken, kLookup, kCreate, kNote, kTest };

// "discovery", "token", "lookup", "create", "note", "test".
absl::string_view PsaOperationName(PsaOperation operation);

// The fault knob, set through POST /_sim/psa/{product}/fault.
struct PsaFault {
  PsaFailure failure = PsaFailure::kNone;
  // "" = every call but discovery and token requests (which only
  // expired_credentials reaches, at the token endpoint); else the one
  // operation ("create") the fault hits.
  std::string operation;
  // How many calls the fault hits; 0 = every call until fixed.
  int times = 0;
  int retry_after_seconds = 30;  // of throttled answers
  // How long a timeout holds its answer unless fixed first (real time).
  int hold_ms = 10'000;
  // Real time every call of the product takes (counted in flight), so that
  // concurrent calls overlap.
  int delay_ms = 0;
};

struct DeskTicket {
  int64_t id = 0;
  std::string title;
  std::string body;
  std::string board;
  std::string customer;
  std::vector<std::string> notes;
};

// A JSON answer.
WireAnswer PsaJson(int status, const nlohmann::json& body);

// Product-specific answers to a failure that fires (its error bodies).
using FaultAnswer = std::function<WireAnswer(PsaFailure, int retry_after)>;

// Thread-safe. std::mutex so TSan sees the hand-offs.
class PsaDesk {
 public:
  // `product` names the desk in the request log ("connectwise"); ids of
  // its tickets start at `first_id`; more than `max_in_flight` calls at
  // once (0 = no limit) are answered as throttled (Autotask's thread
  // limit).
  PsaDesk(std::string product, int64_t first_id, int max_in_flight = 0)
      : product_(std::move(product)),
        limit_(max_in_flight),
        next_id_(first_id) {}

  // Runs one call: counts it in flight, waits delay_ms, then either the
  // fault's answer (a timeout holds until fixed or hold_ms, then answers
  // 504 to a client that has gone) or `work`; a timeout-after-effect runs
  // `work` and then holds. The answer names the product and the fault.
  WireAnswer Serve(PsaOperation operation, const FaultAnswer& fault_answer,
                   const std::function<WireAnswer()>& work);
  // Calls in flight right now (inside Serve), for a thread limit.
  int in_flight() const;
  int max_in_flight() const;

  void SetFault(PsaFault fault);
  // Clears the fault and releases every held answer.
  void Fix();
  // Whether `operation` would meet expired credentials (token endpoints ask
  // before issuing).
  bool CredentialsExpired(PsaOperation operation) const;

  int64_t Create(DeskTicket ticket);
  bool AddNote(int64_t id, const std::string& note);
  // Tickets whose title contains `text`, in creation order.
  std::vector<DeskTicket> FindByTitle(const std::string& text) const;
  std::vector<DeskTicket> Tickets() const;
  const std::string& product() const { return product_; }

 private:
  // The failure this call meets; consumes one of `times`.
  PsaFault Draw(PsaOperation operation);
  void Hold(int hold_ms);
  bool Hits(const PsaFault& fault, PsaOperation operation) const;

  const std::string product_;
  const int limit_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  PsaFault fault_;                   // guarded by mutex_
  uint64_t generation_ = 0;          // guarded by mutex_; bumped by Fix()
  int in_flight_ = 0;                // guarded by mutex_
  int max_in_flight_ = 0;            // guarded by mutex_
  int64_t next_id_;                  // guarded by mutex_
  std::vector<DeskTicket> tickets_;  // guarded by mutex_
};

}  // namespace cordon::sim::serve

#endif  // CORDON_SIMULATOR_SERVE_PSA_DESK_H_
