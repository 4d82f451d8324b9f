#include "simulator/escalation_expectations.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cordon/v1/escalation.pb.h"
#include "simulator/escalation_query.h"

namespace cordon::sim {
namespace {

using cordon::sim::v1::ScenarioEscalationExpectation;
using cordon::v1::Escalation;
using cordon::v1::EscalationNotification;

std::string Rounds(const std::vector<int>& rounds) {
  return absl::StrCat("[", absl::StrJoin(rounds, ", "), "]");
}

std::string DescribeEscalation(const Escalation& escalation) {
  return absl::StrCat(cordon::v1::EscalationType_Name(escalation.type()), " ",
                      escalation.subject(), " (", escalation.name(), ")");
}

// "escalations LOGIN RU of contoso OPEN", or "escalations (all)".
std::string SelectorText(const ScenarioEscalationExpectation& expect) {
  std::vector<std::string> selector;
  if (expect.type() != cordon::v1::ESCALATION_TYPE_UNSPECIFIED) {
    selector.push_back(cordon::v1::EscalationType_Name(expect.type()));
  }
  if (!expect.subject().empty()) selector.push_back(expect.subject());
  if (!expect.organization().empty()) {
    selector.push_back(absl::StrCat("of ", expect.organization()));
  }
  if (expect.status() != Escalation::STATUS_UNSPECIFIED) {
    selector.push_back(Escalation::Status_Name(expect.status()));
  }
  if (expect.resolution() != Escalation::RESOLUTION_UNSPECIFIED) {
    selector.push_back(Escalation::Resolution_Name(expect.resolution()));
  }
  return absl::StrCat("escalations ", selector.empty() ? "(all)" : "",
                      absl::StrJoin(selector, " "));
}

// Whether the expectation asks anything of each matching escalation (and
// so needs at least one to match), beyond their count.
bool ChecksEach(const ScenarioEscalationExpectation& expect) {
  return expect.severity() != cordon::v1::SEVERITY_UNSPECIFIED ||
         expect.has_identities() ||
         expect.delivery_channel() !=
             EscalationNotification::CHANNEL_UNSPECIFIED ||
         expect.has_delivered_by_email() || expect.has_delivered_to_psa() ||
         !expect.rounds_delivered().empty() || expect.none_delivered() ||
         expect.has_answered();
}

void CheckCount(const ScenarioEscalationExpectation& expect,
                const std::string& prefix,
                const std::vector<Escalation>& matches,
                ExpectationRecorder& recorder) {
  std::vector<std::string> found;
  for (const Escalation& e : matches) found.push_back(DescribeEscalation(e));
  recorder.Record(
      prefix + " count", expect.count() == static_cast<int>(matches.size()),
      absl::StrCat("expected ", expect.count(), ", got ", matches.size(), ": [",
                   absl::StrJoin(found, "; "), "]"));
}

// The notifications that reached someone: how many by each channel, and
// for which rounds.
struct Deliveries {
  int by_email = 0;
  int to_psa = 0;
  std::vector<int> rounds;  // ascending, each once
};

Deliveries DeliveriesOf(const Escalation& escalation) {
  Deliveries deliveries;
  std::set<int> rounds;
  for (const EscalationNotification& n : escalation.notifications()) {
    if (n.outcome() != EscalationNotification::DELIVERED) continue;
    deliveries.by_email += n.channel() == EscalationNotification::EMAIL;
    deliveries.to_psa += n.channel() == EscalationNotification::PSA;
    rounds.insert(n.round());
  }
  deliveries.rounds.assign(rounds.begin(), rounds.end());
  return deliveries;
}

void CheckDeliveries(const ScenarioEscalationExpectation& expect,
                     const std::string& what, const Escalation& escalation,
                     ExpectationRecorder& recorder) {
  const Deliveries delivered = DeliveriesOf(escalation);
  if (expect.has_delivered_by_email()) {
    recorder.Compare(what + " delivered_by_email", expect.delivered_by_email(),
                     delivered.by_email);
  }
  if (expect.has_delivered_to_psa()) {
    recorder.Compare(what + " delivered_to_psa", expect.delivered_to_psa(),
                     delivered.to_psa);
  }
  if (!expect.rounds_delivered().empty()) {
    recorder.Compare(what + " rounds_delivered",
                     Rounds({expect.rounds_delivered().begin(),
                             expect.rounds_delivered().end()}),
                     Rounds(delivered.rounds));
  }
  if (expect.none_delivered()) {
    recorder.Compare(what + " rounds_delivered", Rounds({}),
                     Rounds(delivered.rounds));
  }
}

void CheckEscalation(const ScenarioEscalationExpectation& expect,
                     const std::string& what, const Escalation& escalation,
                     ExpectationRecorder& recorder) {
  if (expect.severity() != cordon::v1::SEVERITY_UNSPECIFIED) {
    recorder.Compare(what + " severity",
                     cordon::v1::Severity_Name(expect.severity()),
                     cordon::v1::Severity_Name(escalation.severity()));
  }
  if (expect.has_identities()) {
    recorder.Compare(what + " identities", expect.identities(),
                     escalation.identities_size());
  }
  if (expect.delivery_channel() !=
      EscalationNotification::CHANNEL_UNSPECIFIED) {
    recorder.Compare(
        what + " delivery_channel",
        EscalationNotification::Channel_Name(expect.delivery_channel()),
        EscalationNotification::Channel_Name(escalation.delivery_channel()));
  }
  CheckDeliveries(expect, what, escalation, recorder);
  if (expect.has_answered()) {
    recorder.Compare(what + " answered", OptionalBool(expect.answered()),
                     OptionalBool(escalation.has_answer()));
  }
}

}  // namespace

void EvaluateEscalationExpectation(const ScenarioEscalationExpectation& expect,
                                   const ScenarioState& state,
                                   ExpectationRecorder& recorder) {
  const std::string prefix = SelectorText(expect);
  absl::StatusOr<std::string> organization =
      state.OrganizationNameOrEmpty("escalations", expect.organization());
  if (!organization.ok()) {
    recorder.Record(prefix, false,
                    std::string(organization.status().message()));
    return;
  }
  const EscalationSelector selector{expect.type(), expect.subject(),
                                    *organization, expect.status(),
                                    expect.resolution()};
  absl::StatusOr<std::vector<Escalation>> matches =
      MatchingEscalations(state.sim->engine(), state.account, selector);
  if (!matches.ok()) {
    recorder.Record(prefix, false, matches.status().ToString());
    return;
  }
  if (expect.has_count()) CheckCount(expect, prefix, *matches, recorder);
  if (!ChecksEach(expect)) return;
  if (matches->empty()) {
    recorder.Record(prefix, false, "no escalation matches");
    return;
  }
  for (const Escalation& escalation : *matches) {
    CheckEscalation(expect,
                    absl::StrCat(prefix, ": ", DescribeEscalation(escalation)),
                    escalation, recorder);
  }
}

}  // namespace cordon::sim
