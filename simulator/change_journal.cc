#include "simulator/change_journal.h"

#include <utility>

namespace cordon::sim {

ChangeJournal::Reader::Reader(ChangeJournal* journal,
                              std::vector<store::Family> families)
    : journal_(journal) {
  for (store::Family family : families) {
    wanted_[static_cast<int>(family)] = true;
  }
}

ChangeJournal::Reader::~Reader() {
  std::lock_guard<std::mutex> lock(journal_->mu_);
  journal_->readers_.erase(this);
}

ChangeJournal::Changes ChangeJournal::Reader::Take() {
  std::lock_guard<std::mutex> lock(journal_->mu_);
  return std::exchange(pending_, Changes());
}

std::unique_ptr<ChangeJournal::Reader> ChangeJournal::NewReader(
    std::vector<store::Family> families) {
  std::unique_ptr<Reader> reader(new Reader(this, std::move(families)));
  std::lock_guard<std::mutex> lock(mu_);
  readers_.insert(reader.get());
  return reader;
}

void ChangeJournal::RecordRow(store::Family family, absl::string_view key) {
  const int index = static_cast<int>(family);
  std::lock_guard<std::mutex> lock(mu_);
  for (Reader* reader : readers_) {
    if (reader->wanted_[index]) {
      reader->pending_.rows[index].emplace(key.data(), key.size());
    }
  }
}

void ChangeJournal::RecordWorldUser(absl::string_view tenant_key,
                                    absl::string_view upn_key) {
  std::lock_guard<std::mutex> lock(mu_);
  for (Reader* reader : readers_) {
    reader->pending_.world_users.emplace(std::string(tenant_key),
                                         std::string(upn_key));
  }
}

}  // namespace cordon::sim
