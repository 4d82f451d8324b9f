#ifndef CORDON_SERVER_ENGINE_TENANCY_PSA_INTEGRATION_CHECK_H_
#define CORDON_SERVER_ENGINE_TENANCY_PSA_INTEGRATION_CHECK_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/psa_test_verdict.h"
#include "server/engine/common/actor.h"
#include "server/engine/tenancy/audit_log.h"
#include "server/ports/clock.h"
#include "server/ports/psa.h"
#include "server/ports/secret_sealer.h"
#include "server/store/database.h"

namespace cordon::engine {

// What TestPsaIntegration found.
struct PsaTestOutcome {
  core::PsaTestVerdict verdict;
  // The PSA's own words, with the secret cut out should it echo it.
  std::string psa_message;
  int http_status = 0;
  absl::Time time;
};

// TestPsaIntegration (issue 11): does the account's stored PSA integration
// work — credentials accepted, board known — without opening a ticket
// where the product allows it (ports::Psa::TestConnection). The test is
// audited on the account, with its result and never the secret.
class PsaIntegrationCheck {
 public:
  // `psa` may be null (no PSA adapter): reported as NOT_CONFIGURED. None of
  // the pointers is owned.
  PsaIntegrationCheck(store::Database* db, const ports::Clock* clock,
                      ports::Psa* psa, const ports::SecretSealer* sealer,
                      AuditLog* audit)
      : db_(db), clock_(clock), psa_(psa), sealer_(sealer), audit_(audit) {}

  // NOT_FOUND when the account does not exist; FAILED_PRECONDITION
  // PSA_NOT_CONFIGURED when it has no PSA integration. A failing PSA is an
  // outcome, not an error.
  absl::StatusOr<PsaTestOutcome> Test(const Actor& actor, uint64_t account);

 private:
  PsaTestOutcome Call(const ports::PsaConnection& connection) const;

  store::Database* db_;
  const ports::Clock* clock_;
  ports::Psa* psa_;
  const ports::SecretSealer* sealer_;
  AuditLog* audit_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_TENANCY_PSA_INTEGRATION_CHECK_H_
