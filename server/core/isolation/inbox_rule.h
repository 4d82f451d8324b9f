#ifndef CORDON_SERVER_CORE_ISOLATION_INBOX_RULE_H_
#define CORDON_SERVER_CORE_ISOLATION_INBOX_RULE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"

namespace cordon::core {

// The folders whose meaning matters to ISO-3. The Graph adapter maps a rule's
// moveToFolder id to one of these (well-known folder names resolve to ids per
// mailbox, so the mapping needs a Graph call and cannot live in core).
enum class WellKnownFolder {
  kNone,  // the rule does not move mail
  kDeletedItems,
  kRssFeeds,
  kArchive,
  kJunk,
  kOther,  // any other folder, including user-created ones
};

// The part of Graph's messageRuleActions that ISO-3 looks at.
struct InboxRuleActions {
  // Recipient email addresses, as Graph lists them.
  std::vector<std::string> forward_to;
  std::vector<std::string> forward_as_attachment_to;
  std::vector<std::string> redirect_to;
  bool mark_as_read = false;
  WellKnownFolder move_to_folder = WellKnownFolder::kNone;
  // Graph "delete": moves the message to Deleted Items.
  bool delete_message = false;
  bool permanent_delete = false;
};

// One inbox rule of a mailbox, mirroring Graph's messageRule.
struct InboxRule {
  std::string id;  // Graph rule id; opaque and case-sensitive
  std::string display_name;
  bool is_enabled = true;
  bool is_read_only = false;
  InboxRuleActions actions;
};

// Why a rule is suspicious (ISO-3). One rule can have several reasons.
enum class RuleSuspicionReason : uint8_t {
  kNamedInReport,
  kForwardsOutsideTenant,
  kRedirectsOutsideTenant,
  kHidesMail,
  kDeletesMail,
};

// UPPER_SNAKE_CASE, stable: written into audit records ("NAMED_IN_REPORT").
absl::string_view ReasonName(RuleSuspicionReason reason);

// The set of reasons for which a rule is suspicious; empty = not suspicious.
class RuleSuspicion {
 public:
  void Add(RuleSuspicionReason reason);
  bool Has(RuleSuspicionReason reason) const;
  bool IsSuspicious() const { return bits_ != 0; }
  // In declaration order of RuleSuspicionReason, so audit text is stable.
  std::vector<RuleSuspicionReason> Reasons() const;
  // "FORWARDS_OUTSIDE_TENANT,HIDES_MAIL"; "" when not suspicious.
  std::string ToString() const;

  friend bool operator==(const RuleSuspicion& a, const RuleSuspicion& b) {
    return a.bits_ == b.bits_;
  }

 private:
  uint32_t bits_ = 0;
};

// ISO-3: whether mail sent to `address` stays inside the tenant. The address's
// domain (after the last '@') must equal a tenant domain or be a subdomain of
// one, compared case-insensitively. Anything we cannot read as an address
// (no '@', empty domain) counts as outside: a rule we fail to understand is
// treated as suspicious rather than trusted.
bool IsAddressInsideTenant(absl::string_view address,
                           const std::vector<std::string>& tenant_domains);

// ISO-3: every reason for which `rule` is suspicious. `tenant_domains` are
// the tenant's verified domains; with none known, every recipient counts as
// outside. `rule_ids_named_in_report` are the rule ids the incident report
// names. Classifies enabled and disabled rules alike; what to do about a rule
// is DecideRuleDisposition's job.
RuleSuspicion ClassifyInboxRule(
    const InboxRule& rule, const std::vector<std::string>& tenant_domains,
    const absl::flat_hash_set<std::string>& rule_ids_named_in_report);

// What isolation does with one rule.
enum class RuleDisposition {
  kLeaveAlone,       // not suspicious
  kAlreadyDisabled,  // suspicious but off already: no Graph call needed
  kDisable,          // ISO-3: PATCH isEnabled=false
  // Suspicious, enabled and read-only: Graph would refuse the change, so it
  // must be shown on the identity and the report instead (ISO-11).
  kCannotDisableReadOnly,
};

RuleDisposition DecideRuleDisposition(const InboxRule& rule,
                                      const RuleSuspicion& suspicion);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ISOLATION_INBOX_RULE_H_
