#ifndef CORDON_SIMULATOR_RECORDING_DATABASE_H_
#define CORDON_SIMULATOR_RECORDING_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

#include "server/store/database.h"
#include "simulator/change_journal.h"

namespace cordon::sim {

// Cordon's database as the simulation hands it to the engine: every call
// goes to `inner` unchanged, and every key a transaction puts or deletes is
// recorded in `journal` once the transaction commits (a rolled-back or
// failed one records nothing). That is how the invariant checker knows,
// without rescanning, which rows a step or the worker changed.
class RecordingDatabase final : public store::Database {
 public:
  // Both must outlive this.
  RecordingDatabase(store::Database* inner, ChangeJournal* journal)
      : inner_(inner), journal_(journal) {}

  std::unique_ptr<store::Transaction> Begin() override;
  absl::StatusOr<uint64_t> NextId() override { return inner_->NextId(); }
  absl::Status Scan(
      store::Family family, absl::string_view prefix,
      absl::string_view start_after, bool reverse,
      const std::function<bool(absl::string_view, absl::string_view)>& visit)
      const override {
    return inner_->Scan(family, prefix, start_after, reverse, visit);
  }
  absl::StatusOr<std::string> Get(store::Family family,
                                  absl::string_view key) const override {
    return inner_->Get(family, key);
  }
  int64_t EventHead() const override { return inner_->EventHead(); }
  void SetEventListener(std::function<void(int64_t)> listener) override {
    inner_->SetEventListener(std::move(listener));
  }
  bool RefusingWrites() const override { return inner_->RefusingWrites(); }
  bool TryResumeWrites() override { return inner_->TryResumeWrites(); }
  absl::optional<uint64_t> WriteGeneration(
      store::Family family) const override {
    return inner_->WriteGeneration(family);
  }

 private:
  store::Database* const inner_;
  ChangeJournal* const journal_;
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_RECORDING_DATABASE_H_
