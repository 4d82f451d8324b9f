#ifndef CORDON_TESTS_SUPPORT_RAISE_ESCALATION_H_
#define CORDON_TESTS_SUPPORT_RAISE_ESCALATION_H_

#include <memory>

#include "gtest/gtest.h"
#include "server/engine/engine.h"
#include "server/store/database.h"
#include "server/store/transact.h"

namespace cordon::testing {

// Raises (or joins, ESC-7) an escalation the way the engine's workflows do:
// EscalationManager::Raise inside a write of its own, committed, and run
// again when it loses a conflict (store::Transact). A failure fails the
// test and returns an empty escalation.
inline v1::Escalation RaiseEscalation(
    store::Database& db, engine::Engine& engine,
    const engine::EscalationOccurrence& occurrence) {
  absl::StatusOr<v1::Escalation> escalation = store::Transact(
      db, [&](store::Transaction& txn) -> absl::StatusOr<v1::Escalation> {
        absl::StatusOr<v1::Escalation> raised =
            engine.escalations().Raise(txn, occurrence);
        if (!raised.ok()) return raised;
        if (absl::Status committed = txn.Commit(); !committed.ok()) {
          return committed;
        }
        return raised;
      });
  EXPECT_TRUE(escalation.ok()) << escalation.status();
  return escalation.value_or(v1::Escalation());
}

}  // namespace cordon::testing

#endif  // CORDON_TESTS_SUPPORT_RAISE_ESCALATION_H_
