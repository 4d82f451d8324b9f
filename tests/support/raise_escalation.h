#ifndef CORDON_TESTS_SUPPORT_RAISE_ESCALATION_H_
#define CORDON_TESTS_SUPPORT_RAISE_ESCALATION_H_

#include <memory>

#include "gtest/gtest.h"
#include "server/engine/engine.h"
#include "server/store/database.h"

namespace cordon::testing {

// Raises (or joins, ESC-7) an escalation the way the engine's workflows do:
// EscalationManager::Raise inside a write of its own, committed. A failure
// fails the test and returns an empty escalation.
inline v1::Escalation RaiseEscalation(
    store::Database& db, engine::Engine& engine,
    const engine::EscalationOccurrence& occurrence) {
  std::unique_ptr<store::Transaction> txn = db.Begin();
  absl::StatusOr<v1::Escalation> escalation =
      engine.escalations().Raise(*txn, occurrence);
  EXPECT_TRUE(escalation.ok()) << escalation.status();
  EXPECT_TRUE(txn->Commit().ok());
  return escalation.value_or(v1::Escalation());
}

}  // namespace cordon::testing

#endif  // CORDON_TESTS_SUPPORT_RAISE_ESCALATION_H_
