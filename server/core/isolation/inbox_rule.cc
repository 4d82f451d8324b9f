#include "server/core/isolation/inbox_rule.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace cordon::core {
namespace {

constexpr RuleSuspicionReason kAllReasons[] = {
    RuleSuspicionReason::kNamedInReport,
    RuleSuspicionReason::kForwardsOutsideTenant,
    RuleSuspicionReason::kRedirectsOutsideTenant,
    RuleSuspicionReason::kHidesMail,
    RuleSuspicionReason::kDeletesMail,
};

uint32_t Bit(RuleSuspicionReason reason) {
  return uint32_t{1} << static_cast<uint32_t>(reason);
}

// DNS names are case-insensitive and may be written fully qualified with a
// trailing dot; neither must let an outside address pass as inside.
std::string NormalizeDomain(absl::string_view domain) {
  domain = absl::StripAsciiWhitespace(domain);
  if (absl::EndsWith(domain, ".")) domain.remove_suffix(1);
  return absl::AsciiStrToLower(domain);
}

bool AnyOutsideTenant(const std::vector<std::string>& addresses,
                      const std::vector<std::string>& tenant_domains) {
  for (const std::string& address : addresses) {
    if (!IsAddressInsideTenant(address, tenant_domains)) return true;
  }
  return false;
}

// ISO-3: these folders are where a victim does not look, so "mark read and
// move there" hides mail (e.g. the attacker's replies) from the user.
bool IsHidingFolder(WellKnownFolder folder) {
  return folder == WellKnownFolder::kDeletedItems ||
         folder == WellKnownFolder::kRssFeeds ||
         folder == WellKnownFolder::kArchive;
}

}  // namespace

absl::string_view ReasonName(RuleSuspicionReason reason) {
  switch (reason) {
    case RuleSuspicionReason::kNamedInReport:
      return "NAMED_IN_REPORT";
    case RuleSuspicionReason::kForwardsOutsideTenant:
      return "FORWARDS_OUTSIDE_TENANT";
    case RuleSuspicionReason::kRedirectsOutsideTenant:
      return "REDIRECTS_OUTSIDE_TENANT";
    case RuleSuspicionReason::kHidesMail:
      return "HIDES_MAIL";
    case RuleSuspicionReason::kDeletesMail:
      return "DELETES_MAIL";
  }
  return "UNKNOWN";
}

void RuleSuspicion::Add(RuleSuspicionReason reason) { bits_ |= Bit(reason); }

bool RuleSuspicion::Has(RuleSuspicionReason reason) const {
  return (bits_ & Bit(reason)) != 0;
}

std::vector<RuleSuspicionReason> RuleSuspicion::Reasons() const {
  std::vector<RuleSuspicionReason> reasons;
  for (RuleSuspicionReason reason : kAllReasons) {
    if (Has(reason)) reasons.push_back(reason);
  }
  return reasons;
}

std::string RuleSuspicion::ToString() const {
  return absl::StrJoin(Reasons(), ",",
                       [](std::string* out, RuleSuspicionReason reason) {
                         absl::StrAppend(out, ReasonName(reason));
                       });
}

bool IsAddressInsideTenant(absl::string_view address,
                           const std::vector<std::string>& tenant_domains) {
  const size_t at = address.rfind('@');
  if (at == absl::string_view::npos) return false;
  const std::string domain = NormalizeDomain(address.substr(at + 1));
  if (domain.empty()) return false;
  for (const std::string& raw_tenant_domain : tenant_domains) {
    const std::string tenant_domain = NormalizeDomain(raw_tenant_domain);
    // An empty entry would otherwise make every "x." suffix match.
    if (tenant_domain.empty()) continue;
    if (domain == tenant_domain) return true;
    // Label boundary: "mail.contoso.com" is inside contoso.com,
    // "evilcontoso.com" is not.
    if (domain.size() > tenant_domain.size() &&
        absl::EndsWith(domain, tenant_domain) &&
        domain[domain.size() - tenant_domain.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

RuleSuspicion ClassifyInboxRule(
    const InboxRule& rule, const std::vector<std::string>& tenant_domains,
    const absl::flat_hash_set<std::string>& rule_ids_named_in_report) {
  RuleSuspicion suspicion;
  const InboxRuleActions& actions = rule.actions;
  if (rule_ids_named_in_report.contains(rule.id)) {
    suspicion.Add(RuleSuspicionReason::kNamedInReport);
  }
  // A copy sent as an attachment leaks the mail as much as a plain forward.
  if (AnyOutsideTenant(actions.forward_to, tenant_domains) ||
      AnyOutsideTenant(actions.forward_as_attachment_to, tenant_domains)) {
    suspicion.Add(RuleSuspicionReason::kForwardsOutsideTenant);
  }
  if (AnyOutsideTenant(actions.redirect_to, tenant_domains)) {
    suspicion.Add(RuleSuspicionReason::kRedirectsOutsideTenant);
  }
  if (actions.mark_as_read && IsHidingFolder(actions.move_to_folder)) {
    suspicion.Add(RuleSuspicionReason::kHidesMail);
  }
  if (actions.delete_message || actions.permanent_delete) {
    suspicion.Add(RuleSuspicionReason::kDeletesMail);
  }
  return suspicion;
}

RuleDisposition DecideRuleDisposition(const InboxRule& rule,
                                      const RuleSuspicion& suspicion) {
  if (!suspicion.IsSuspicious()) return RuleDisposition::kLeaveAlone;
  if (!rule.is_enabled) return RuleDisposition::kAlreadyDisabled;
  if (rule.is_read_only) return RuleDisposition::kCannotDisableReadOnly;
  return RuleDisposition::kDisable;
}

}  // namespace cordon::core
