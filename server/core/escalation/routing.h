#ifndef CORDON_SERVER_CORE_ESCALATION_ROUTING_H_
#define CORDON_SERVER_CORE_ESCALATION_ROUTING_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/escalation/escalation_type.h"

namespace cordon::core {

enum class DeliveryChannel { kEmail, kPsa };
absl::string_view DeliveryChannelName(DeliveryChannel channel);  // "EMAIL"..

// ESC-3: login escalations go to the PSA when the account has a PSA
// integration, else by e-mail; never both. Every other type goes by e-mail
// (a PSA delivery failure must not be reported through the PSA).
DeliveryChannel ChannelFor(EscalationType type, bool account_has_psa);

// ESC-6: who gets an e-mail notification. The configured list when it names
// at least one current account admin; otherwise (empty, or its admins have
// since lost the role or left) every account admin, so a notification
// always reaches someone who can answer. Duplicates are dropped
// case-insensitively, keeping the first spelling; order is kept
// (configured list first).
std::vector<std::string> EmailRecipients(
    const std::vector<std::string>& configured,
    const std::vector<std::string>& admin_emails);

// One notification's delivery: the channel, and for e-mail the recipients
// (for the PSA the ticket goes to the account's board/queue: no list).
struct DeliveryPlan {
  DeliveryChannel channel = DeliveryChannel::kEmail;
  std::vector<std::string> recipients;
};

DeliveryPlan PlanDelivery(EscalationType type, bool account_has_psa,
                          const std::vector<std::string>& configured,
                          const std::vector<std::string>& admin_emails);

inline constexpr size_t kMaxEscalationRecipients = 100;
inline constexpr char kRecipientsField[] = "recipients";

// ESC-6: an admin-edited recipient list, returned deduplicated
// (case-insensitively, first spelling kept). INVALID_ARGUMENT naming
// "recipients" when it is empty, longer than 100 entries, or keeps no
// account admin's e-mail (reason "RECIPIENTS_NEED_ADMIN"), and
// "recipients[i]" for an invalid address.
absl::StatusOr<std::vector<std::string>> NormalizeRecipientList(
    const std::vector<std::string>& recipients,
    const std::vector<std::string>& admin_emails);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ESCALATION_ROUTING_H_
