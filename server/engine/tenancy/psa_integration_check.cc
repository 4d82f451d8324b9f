#include "server/engine/tenancy/psa_integration_check.h"

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"
#include "server/engine/tenancy/psa_connection.h"
#include "server/store/transact.h"
#include "server/store/transaction.h"

namespace cordon::engine {
namespace {

std::string Summary(const std::string& kind, const PsaTestOutcome& outcome) {
  return absl::StrCat("tested the PSA integration (", kind, "): ",
                      outcome.verdict.failure == core::PsaTestFailure::kNone
                          ? "works"
                          : "failed",
                      " - ", outcome.verdict.message);
}

}  // namespace

PsaTestOutcome PsaIntegrationCheck::Call(
    const ports::PsaConnection& connection) const {
  PsaTestOutcome outcome;
  if (psa_ == nullptr) {
    outcome.verdict = {core::PsaTestFailure::kNotConfigured,
                       "this server has no PSA connection configured"};
    return outcome;
  }
  const ports::PsaCallOutcome answer = psa_->TestConnection(connection);
  outcome.verdict = core::JudgePsaTest(answer.http_status, answer.timed_out);
  outcome.http_status = answer.timed_out ? 0 : answer.http_status;
  outcome.psa_message = WithoutSecret(answer.message, connection.secret);
  return outcome;
}

absl::StatusOr<PsaTestOutcome> PsaIntegrationCheck::Test(const Actor& actor,
                                                         uint64_t account) {
  const std::string name = core::AccountName{account}.ToString();
  absl::StatusOr<absl::optional<ports::PsaConnection>> connection =
      ReadPsaConnection(*db_, account, sealer_);
  PsaTestOutcome outcome;
  std::string kind = "unknown kind";
  if (absl::IsFailedPrecondition(connection.status())) {
    outcome.verdict = {core::PsaTestFailure::kSecretUnreadable,
                       std::string(connection.status().message())};
  } else if (!connection.ok()) {
    return connection.status();
  } else if (!connection->has_value()) {
    return core::WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            name,
            " has no PSA integration; set settings.psa_integration "
            "first")),
        "PSA_NOT_CONFIGURED");
  } else {
    kind = (*connection)->kind;
    outcome = Call(**connection);
  }
  outcome.time = clock_->Now();
  CORDON_RETURN_IF_ERROR(
      store::Transact(*db_, [&](store::Transaction& t) -> absl::Status {
        CORDON_RETURN_IF_ERROR(
            audit_->Record(t, account, actor, name, Summary(kind, outcome)));
        return t.Commit();
      }));
  return outcome;
}

}  // namespace cordon::engine
