#include "server/engine/status/dependency_board.h"

namespace cordon::engine {
namespace {

void CountCall(absl::Time at, bool succeeded, const std::string& failure,
               CallTally* tally) {
  if (succeeded) {
    ++tally->successes;
    tally->last_success = at;
    return;
  }
  ++tally->failures;
  tally->last_failure = at;
  tally->last_failure_text = failure;
}

// The entry of `key`, or null when the map is full and `key` is new.
template <typename Entry>
Entry* BoardEntry(std::map<std::string, Entry>& entries,
                  const std::string& key) {
  auto found = entries.find(key);
  if (found != entries.end()) return &found->second;
  if (entries.size() >= DependencyBoard::kMaxEntries) return nullptr;
  return &entries[key];
}

}  // namespace

void DependencyBoard::RecordGraph(const std::string& tenant_id, absl::Time at,
                                  bool succeeded, bool token_used,
                                  const std::string& aadsts_code,
                                  const std::string& failure) {
  std::lock_guard<std::mutex> lock(mu_);
  CallTally* tally = BoardEntry(graph_, tenant_id);
  if (tally == nullptr) return;
  CountCall(at, succeeded, failure, tally);
  if (token_used) tally->last_token = at;
  if (!succeeded) tally->aadsts_code = aadsts_code;
}

void DependencyBoard::RecordPsa(const std::string& account,
                                const std::string& kind, absl::Time at,
                                bool succeeded, const std::string& failure) {
  std::lock_guard<std::mutex> lock(mu_);
  PsaEntry* entry = BoardEntry(psa_, account);
  if (entry == nullptr) return;
  entry->kind = kind;
  CountCall(at, succeeded, failure, &entry->tally);
}

void DependencyBoard::RecordSmtp(absl::Time at, bool succeeded,
                                 const std::string& failure) {
  std::lock_guard<std::mutex> lock(mu_);
  CountCall(at, succeeded, failure, &smtp_);
}

std::map<std::string, CallTally> DependencyBoard::GraphTenants() const {
  std::lock_guard<std::mutex> lock(mu_);
  return graph_;
}

std::map<std::string, DependencyBoard::PsaEntry> DependencyBoard::PsaAccounts()
    const {
  std::lock_guard<std::mutex> lock(mu_);
  return psa_;
}

CallTally DependencyBoard::GraphTenant(const std::string& tenant_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto found = graph_.find(tenant_id);
  return found == graph_.end() ? CallTally() : found->second;
}

DependencyBoard::PsaEntry DependencyBoard::PsaAccount(
    const std::string& account) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto found = psa_.find(account);
  return found == psa_.end() ? PsaEntry() : found->second;
}

CallTally DependencyBoard::Smtp() const {
  std::lock_guard<std::mutex> lock(mu_);
  return smtp_;
}

}  // namespace cordon::engine
