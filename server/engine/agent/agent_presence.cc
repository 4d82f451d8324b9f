#include "server/engine/agent/agent_presence.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"

namespace cordon::engine {

absl::StatusOr<uint64_t> AgentPresence::Open(
    const core::OrganizationName& org) {
  std::lock_guard<std::mutex> lock(mu_);
  State& state = states_[KeyOf(org)];
  if (state.session == 0) {
    if (open_ >= max_streams_) {
      return core::WithReason(absl::ResourceExhaustedError(absl::StrCat(
                                  "this server holds ", max_streams_,
                                  " agent streams already; try again later")),
                              "TOO_MANY_AGENT_STREAMS");
    }
    ++open_;
  }
  state.session = next_session_++;
  changed_.notify_all();  // the replaced stream ends
  return state.session;
}

bool AgentPresence::Close(const core::OrganizationName& org, uint64_t session) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = states_.find(KeyOf(org));
  if (it == states_.end() || it->second.session != session) return false;
  it->second.session = 0;
  --open_;
  return true;
}

bool AgentPresence::IsConnected(const core::OrganizationName& org) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = states_.find(KeyOf(org));
  return it != states_.end() && it->second.session != 0;
}

bool AgentPresence::ConfirmsConnected(
    const cordon::v1::Organization& organization) const {
  if (!organization.on_prem_ad_server().agent_connected()) return false;
  absl::StatusOr<core::OrganizationName> name =
      core::ParseOrganizationName(organization.name());
  return name.ok() && IsConnected(*name);
}

void AgentPresence::Notify(const core::OrganizationName& org) {
  std::lock_guard<std::mutex> lock(mu_);
  ++states_[KeyOf(org)].generation;
  changed_.notify_all();
}

uint64_t AgentPresence::Generation(const core::OrganizationName& org) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = states_.find(KeyOf(org));
  return it == states_.end() ? 0 : it->second.generation;
}

AgentPresence::Wake AgentPresence::Wait(const core::OrganizationName& org,
                                        uint64_t session,
                                        uint64_t seen_generation,
                                        absl::Duration timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  Wake wake = Wake::kTimeout;
  changed_.wait_for(lock, absl::ToChronoMilliseconds(timeout), [&] {
    const State& state = states_[KeyOf(org)];
    if (state.session != session) {
      wake = Wake::kReplaced;
    } else if (state.generation != seen_generation) {
      wake = Wake::kNotified;
    } else {
      return false;
    }
    return true;
  });
  return wake;
}

}  // namespace cordon::engine
