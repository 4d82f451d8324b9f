#ifndef CORDON_SERVER_ENGINE_STATUS_DEPENDENCY_BOARD_H_
#define CORDON_SERVER_ENGINE_STATUS_DEPENDENCY_BOARD_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace cordon::engine {

// How the calls to one dependency went since the server started.
struct CallTally {
  absl::Time last_success = absl::InfinitePast();
  absl::Time last_failure = absl::InfinitePast();
  std::string last_failure_text;
  int64_t successes = 0;
  int64_t failures = 0;
  // Graph: the last call that went out with a token the tenant issued, and
  // the AADSTS code when the last failure was the token endpoint's.
  absl::Time last_token = absl::InfinitePast();
  std::string aadsts_code;

  bool last_succeeded() const { return last_success >= last_failure; }
};

// Issue 14: what the outside world answered lately, per dependency, in
// memory (GetDependencyStatus). Written by the recording ports (
// recording_ports.h) on every call, from many threads; bounded: past
// kMaxEntries tenants (or PSA accounts) new ones are not tracked.
class DependencyBoard {
 public:
  static constexpr size_t kMaxEntries = 100000;

  explicit DependencyBoard(absl::Time start) : start_(start) {}

  // One Graph call for `tenant_id`. `token_used`: the call went out with a
  // token; `aadsts_code`: the token endpoint refused ("" otherwise).
  void RecordGraph(const std::string& tenant_id, absl::Time at, bool succeeded,
                   bool token_used, const std::string& aadsts_code,
                   const std::string& failure);
  // One PSA call for `account` ("accounts/{a}") of `kind`.
  void RecordPsa(const std::string& account, const std::string& kind,
                 absl::Time at, bool succeeded, const std::string& failure);
  void RecordSmtp(absl::Time at, bool succeeded, const std::string& failure);

  struct PsaEntry {
    std::string kind;
    CallTally tally;
  };
  // Copies, so that a reader never holds the lock while it works.
  std::map<std::string, CallTally> GraphTenants() const;
  std::map<std::string, PsaEntry> PsaAccounts() const;
  CallTally Smtp() const;
  // One tenant's (lowercase id) or account's; an empty tally if never called.
  CallTally GraphTenant(const std::string& tenant_id) const;
  PsaEntry PsaAccount(const std::string& account) const;
  absl::Time start() const { return start_; }

 private:
  const absl::Time start_;
  mutable std::mutex mu_;
  std::map<std::string, CallTally> graph_;
  std::map<std::string, PsaEntry> psa_;
  CallTally smtp_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_STATUS_DEPENDENCY_BOARD_H_
