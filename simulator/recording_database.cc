#include "simulator/recording_database.h"

#include <string>
#include <utility>
#include <vector>

#include "server/store/transaction.h"

namespace cordon::sim {
namespace {

// Forwards to the backend's transaction and remembers the keys it writes.
class RecordingTransaction final : public store::Transaction {
 public:
  RecordingTransaction(std::unique_ptr<store::Transaction> inner,
                       ChangeJournal* journal)
      : inner_(std::move(inner)), journal_(journal) {}

  absl::StatusOr<bool> GetRawForUpdate(store::Family family,
                                       absl::string_view key,
                                       std::string* value) override {
    return inner_->GetRawForUpdate(family, key, value);
  }
  absl::StatusOr<bool> GetRawForShare(store::Family family,
                                      absl::string_view key,
                                      std::string* value) override {
    return inner_->GetRawForShare(family, key, value);
  }
  absl::StatusOr<bool> GetRaw(store::Family family, absl::string_view key,
                              std::string* value) override {
    return inner_->GetRaw(family, key, value);
  }
  void PutRaw(store::Family family, absl::string_view key,
              absl::string_view value) override {
    written_.emplace_back(family, std::string(key));
    inner_->PutRaw(family, key, value);
  }
  void Delete(store::Family family, absl::string_view key) override {
    written_.emplace_back(family, std::string(key));
    inner_->Delete(family, key);
  }
  absl::Status Commit() override {
    // AppendEvent filled this object's events_; the backend writes its own.
    for (store::EventRow& row : events_) inner_->AppendEvent(std::move(row));
    events_.clear();
    for (auto& callback : after_commit_) {
      inner_->AfterCommit(std::move(callback));
    }
    after_commit_.clear();
    inner_->FenceWith(fence_);  // the backend compares it (issue 15)
    absl::Status status = inner_->Commit();
    if (status.ok()) {
      for (const auto& [family, key] : written_) {
        journal_->RecordRow(family, key);
      }
    }
    written_.clear();
    return status;
  }

 private:
  std::unique_ptr<store::Transaction> inner_;
  ChangeJournal* const journal_;
  std::vector<std::pair<store::Family, std::string>> written_;
};

}  // namespace

std::unique_ptr<store::Transaction> RecordingDatabase::Begin() {
  return std::make_unique<RecordingTransaction>(inner_->Begin(), journal_);
}

}  // namespace cordon::sim
