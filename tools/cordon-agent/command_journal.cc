#include "tools/cordon-agent/command_journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace cordon::agent {
namespace {

const char* KindName(DirectoryOutcome::Kind kind) {
  switch (kind) {
    case DirectoryOutcome::Kind::kSucceeded:
      return "SUCCEEDED";
    case DirectoryOutcome::Kind::kRetryable:
      return "FAILED_RETRYABLE";
    case DirectoryOutcome::Kind::kPermanent:
      break;
  }
  return "FAILED_PERMANENT";
}

std::optional<DirectoryOutcome::Kind> KindOf(absl::string_view name) {
  if (name == "SUCCEEDED") return DirectoryOutcome::Kind::kSucceeded;
  if (name == "FAILED_RETRYABLE") return DirectoryOutcome::Kind::kRetryable;
  if (name == "FAILED_PERMANENT") return DirectoryOutcome::Kind::kPermanent;
  return std::nullopt;
}

std::string Line(const std::string& id, const DirectoryOutcome& outcome) {
  std::string detail = outcome.detail;
  for (char& c : detail) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return absl::StrCat(id, "\t", KindName(outcome.kind), "\t", detail, "\n");
}

bool AppendSynced(const std::string& path, const std::string& text,
                  bool truncate) {
  const int fd = ::open(
      path.c_str(), O_WRONLY | O_CREAT | (truncate ? O_TRUNC : O_APPEND), 0600);
  if (fd < 0) return false;
  const bool ok = ::write(fd, text.data(), text.size()) ==
                      static_cast<ssize_t>(text.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

bool CommandJournal::Load() {
  std::lock_guard<std::mutex> lock(mu_);
  std::ifstream in(path_);
  if (!in) return ::access(path_.c_str(), F_OK) != 0;  // missing: empty
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> parts =
        absl::StrSplit(line, absl::MaxSplits('\t', 2));
    // A torn last line (a crash while appending) is skipped: its command
    // was not acknowledged, so it comes again.
    if (parts.size() != 3) continue;
    std::optional<DirectoryOutcome::Kind> kind = KindOf(parts[1]);
    if (!kind.has_value()) continue;
    if (outcomes_.count(parts[0]) == 0) order_.push_back(parts[0]);
    outcomes_[parts[0]] = {*kind, parts[2]};
  }
  return true;
}

std::optional<DirectoryOutcome> CommandJournal::Find(
    const std::string& command_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = outcomes_.find(command_id);
  if (it == outcomes_.end()) return std::nullopt;
  return it->second;
}

bool CommandJournal::Record(const std::string& command_id,
                            const DirectoryOutcome& outcome) {
  std::lock_guard<std::mutex> lock(mu_);
  if (outcomes_.count(command_id) == 0) order_.push_back(command_id);
  outcomes_[command_id] = outcome;
  if (order_.size() > max_entries_) {
    while (order_.size() > max_entries_ / 2) {
      outcomes_.erase(order_.front());
      order_.pop_front();
    }
    return Rewrite();
  }
  return AppendSynced(path_, Line(command_id, outcome), /*truncate=*/false);
}

bool CommandJournal::Rewrite() {
  std::string text;
  for (const std::string& id : order_) {
    absl::StrAppend(&text, Line(id, outcomes_.at(id)));
  }
  const std::string temp = path_ + ".tmp";
  return AppendSynced(temp, text, /*truncate=*/true) &&
         std::rename(temp.c_str(), path_.c_str()) == 0;
}

}  // namespace cordon::agent
