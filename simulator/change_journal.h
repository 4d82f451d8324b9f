#ifndef CORDON_SIMULATOR_CHANGE_JOURNAL_H_
#define CORDON_SIMULATOR_CHANGE_JOURNAL_H_

#include <array>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "server/store/family.h"

namespace cordon::sim {

// What changed in a run, for checks that look only at what changed
// (InvariantChecker): the store rows Cordon committed (RecordingDatabase
// records every key a committed transaction put or deleted) and the world
// users whose state changed (World records them). Nothing is guessed: a row
// or user not recorded here was not written since the reader last took.
//
// Each reader gets every change recorded after it was made, once. Thread-
// safe (the worker may commit from several threads); std::mutex so that
// TSan sees the hand-off.
class ChangeJournal {
 public:
  // A world user, by lower-cased tenant id and UPN.
  using WorldUser = std::pair<std::string, std::string>;

  // What a reader has not taken yet.
  struct Changes {
    // Row keys by family, each key once.
    std::array<std::set<std::string>, static_cast<int>(store::Family::kCount)>
        rows;
    std::set<WorldUser> world_users;
  };

  class Reader {
   public:
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    // The changes since the last Take (or since the reader was made).
    Changes Take();

   private:
    friend class ChangeJournal;
    Reader(ChangeJournal* journal, std::vector<store::Family> families);
    ChangeJournal* const journal_;
    std::array<bool, static_cast<int>(store::Family::kCount)> wanted_ = {};
    Changes pending_;  // guarded by journal_->mu_
  };

  ChangeJournal() = default;
  ChangeJournal(const ChangeJournal&) = delete;
  ChangeJournal& operator=(const ChangeJournal&) = delete;

  // A reader of the rows of `families` (and of every world user); it must
  // not outlive the journal.
  std::unique_ptr<Reader> NewReader(std::vector<store::Family> families);

  // A committed write (put or delete) of `key` in `family`.
  void RecordRow(store::Family family, absl::string_view key);
  // A world user whose enabled states, rules or existence changed.
  void RecordWorldUser(absl::string_view tenant_key, absl::string_view upn_key);

 private:
  std::mutex mu_;
  std::set<Reader*> readers_;  // guarded by mu_
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_CHANGE_JOURNAL_H_
