#include "server/core/escalation/routing.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/core/validation.h"

namespace cordon::core {
namespace {

std::vector<std::string> Dedupe(const std::vector<std::string>& emails) {
  std::vector<std::string> out;
  absl::flat_hash_set<std::string> seen;
  for (const std::string& email : emails) {
    if (seen.insert(NormalizeCaseInsensitiveKey(email)).second) {
      out.push_back(email);
    }
  }
  return out;
}

bool NamesAnAdmin(const std::vector<std::string>& emails,
                  const std::vector<std::string>& admin_emails) {
  absl::flat_hash_set<std::string> admins;
  for (const std::string& admin : admin_emails) {
    admins.insert(NormalizeCaseInsensitiveKey(admin));
  }
  for (const std::string& email : emails) {
    if (admins.contains(NormalizeCaseInsensitiveKey(email))) return true;
  }
  return false;
}

}  // namespace

absl::string_view DeliveryChannelName(DeliveryChannel channel) {
  switch (channel) {
    case DeliveryChannel::kEmail:
      return "EMAIL";
    case DeliveryChannel::kPsa:
      return "PSA";
  }
  return "UNKNOWN";
}

DeliveryChannel ChannelFor(EscalationType type, bool account_has_psa) {
  return IsLoginEscalation(type) && account_has_psa ? DeliveryChannel::kPsa
                                                    : DeliveryChannel::kEmail;
}

std::vector<std::string> EmailRecipients(
    const std::vector<std::string>& configured,
    const std::vector<std::string>& admin_emails) {
  if (NamesAnAdmin(configured, admin_emails)) return Dedupe(configured);
  return Dedupe(admin_emails);
}

DeliveryPlan PlanDelivery(EscalationType type, bool account_has_psa,
                          const std::vector<std::string>& configured,
                          const std::vector<std::string>& admin_emails) {
  DeliveryPlan plan;
  plan.channel = ChannelFor(type, account_has_psa);
  if (plan.channel == DeliveryChannel::kEmail) {
    plan.recipients = EmailRecipients(configured, admin_emails);
  }
  return plan;
}

absl::StatusOr<std::vector<std::string>> NormalizeRecipientList(
    const std::vector<std::string>& recipients,
    const std::vector<std::string>& admin_emails) {
  if (recipients.empty()) {
    return InvalidField(kRecipientsField,
                        "must keep at least one account admin's e-mail",
                        "RECIPIENTS_NEED_ADMIN");
  }
  if (recipients.size() > kMaxEscalationRecipients) {
    return InvalidField(
        kRecipientsField,
        absl::StrCat("at most ", kMaxEscalationRecipients, " addresses"));
  }
  for (size_t i = 0; i < recipients.size(); ++i) {
    CORDON_RETURN_IF_ERROR(ForField(absl::StrCat(kRecipientsField, "[", i, "]"),
                                    ValidateEmail(recipients[i])));
  }
  if (!NamesAnAdmin(recipients, admin_emails)) {
    return InvalidField(kRecipientsField,
                        "must keep at least one account admin's e-mail",
                        "RECIPIENTS_NEED_ADMIN");
  }
  return Dedupe(recipients);
}

}  // namespace cordon::core
