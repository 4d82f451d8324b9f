#ifndef CORDON_TESTS_PROCESS_CRASH_LOOP_HISTORY_H_
#define CORDON_TESTS_PROCESS_CRASH_LOOP_HISTORY_H_

// The model of the crash loop: every write the workload made, acknowledged
// or not, and where each tenant user stands (report created, sent,
// resolved). After each restart it retries what lost its answer and checks
// that what was acknowledged is still there.

#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/process/crash_loop_ops.h"

namespace cordon::process_testing::crash_loop {

using OrganizationOp = CreateOp<v1::CreateOrganizationRequest, v1::Organization,
                                v1::GetOrganizationRequest>;
using IdentityOp =
    CreateOp<v1::CreateIdentityRequest, v1::Identity, v1::GetIdentityRequest>;
using ReportOp = CreateOp<v1::CreateIncidentReportRequest, v1::IncidentReport,
                          v1::GetIncidentReportRequest>;
using SendOp = TransitionOp<v1::SendIncidentReportRequest, v1::IncidentReport,
                            v1::GetIncidentReportRequest>;
using ResolveOp =
    TransitionOp<v1::ResolveIncidentReportRequest, v1::IncidentReport,
                 v1::GetIncidentReportRequest>;
using AnswerOp = TransitionOp<v1::AnswerEscalationRequest, v1::Escalation,
                              v1::GetEscalationRequest>;

// One user of the served tenant: one report isolates it, resolving that
// report releases it (ISO-3, ISO-4).
struct TenantUser {
  std::string upn;
  std::string identity;
  ReportOp* report = nullptr;
  SendOp* send = nullptr;
  ResolveOp* resolve = nullptr;
};

class History {
 public:
  std::string account;
  std::string tenant_organization;
  std::vector<TenantUser> users;
  std::vector<OrganizationOp*> organizations;
  std::set<std::string> answered_escalations;

  template <typename T>
  T* Add(std::unique_ptr<T> op) {
    T* const raw = op.get();
    ops_.push_back(std::move(op));
    return raw;
  }
  // After a restart: retries every write that got no answer until it gets
  // one, then verifies the writes acknowledged since the last call and
  // `sample` older ones drawn from `random`. "" or what failed.
  std::string Recover(Client& client, std::mt19937_64& random, int sample);
  // Verifies every acknowledged write. "" or what failed.
  std::string VerifyAll(Client& client);

  size_t writes() const { return ops_.size(); }
  // Writes whose first answer a kill took away.
  int lost_answers() const { return lost_answers_; }

 private:
  std::string RetryUnanswered(Client& client);

  std::vector<std::unique_ptr<Op>> ops_;
  size_t verified_ = 0;  // ops_[0, verified_) were verified at least once
  int lost_answers_ = 0;
};

}  // namespace cordon::process_testing::crash_loop

#endif  // CORDON_TESTS_PROCESS_CRASH_LOOP_HISTORY_H_
