#include "simulator/escalation_query.h"

#include <algorithm>
#include <utility>

#include "server/core/errors.h"
#include "server/core/escalation/escalation_name.h"

namespace cordon::sim {
namespace {

using cordon::v1::Escalation;

// Bounds the listing (TIGER_STYLE); a simulation never comes near it.
constexpr int kMaxPages = 1000;
constexpr int kPageSize = 1000;

bool Matches(const EscalationSelector& selector, const Escalation& escalation) {
  if (selector.type != cordon::v1::ESCALATION_TYPE_UNSPECIFIED &&
      escalation.type() != selector.type) {
    return false;
  }
  if (!selector.subject.empty() && escalation.subject() != selector.subject) {
    return false;
  }
  if (!selector.organization.empty() &&
      escalation.organization() != selector.organization) {
    return false;
  }
  if (selector.status != Escalation::STATUS_UNSPECIFIED &&
      escalation.status() != selector.status) {
    return false;
  }
  return selector.resolution == Escalation::RESOLUTION_UNSPECIFIED ||
         escalation.resolution() == selector.resolution;
}

}  // namespace

absl::StatusOr<std::vector<Escalation>> AllEscalations(engine::Engine& engine,
                                                       uint64_t account) {
  // The listing is ordered by due time; the id gives the opening order.
  std::vector<std::pair<uint64_t, Escalation>> by_id;
  engine::EscalationManager::ListQuery query;
  query.account = account;
  engine::PageRequest page;
  page.page_size = kPageSize;
  for (int i = 0; i < kMaxPages; ++i) {
    CORDON_ASSIGN_OR_RETURN(engine::Page<Escalation> listed,
                            engine.escalations().List(query, page));
    for (Escalation& escalation : listed.items) {
      CORDON_ASSIGN_OR_RETURN(core::EscalationName name,
                              core::ParseEscalationName(escalation.name()));
      by_id.emplace_back(name.escalation, std::move(escalation));
    }
    if (listed.resume_after_key.empty()) break;
    page.resume_after_key = std::move(listed.resume_after_key);
  }
  std::sort(by_id.begin(), by_id.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Escalation> all;
  all.reserve(by_id.size());
  for (auto& [id, escalation] : by_id) all.push_back(std::move(escalation));
  return all;
}

absl::StatusOr<std::vector<Escalation>> MatchingEscalations(
    engine::Engine& engine, uint64_t account,
    const EscalationSelector& selector) {
  CORDON_ASSIGN_OR_RETURN(std::vector<Escalation> all,
                          AllEscalations(engine, account));
  std::vector<Escalation> matches;
  for (Escalation& escalation : all) {
    if (Matches(selector, escalation)) matches.push_back(std::move(escalation));
  }
  return matches;
}

}  // namespace cordon::sim
