#include "server/api/event_access.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/api/authorization.h"
#include "server/core/errors.h"
#include "server/core/resource_name.h"

namespace cordon::api {
namespace {

using cordon::v1::Event;

constexpr absl::string_view kAllAccounts = "accounts/-";

bool IsProviderWide(int type) {
  return type == Event::SOC_ALERT_RAISED || type == Event::ISOLATION_PAUSED;
}

// ESC-5: organization users never see escalations.
bool IsEscalationType(int type) {
  return (type >= Event::ESCALATION_OPENED &&
          type <= Event::ESCALATION_RESOLVED) ||
         type == Event::NOTIFICATION_CHANGED;
}

// The types `role` may receive.
std::bitset<32> Permitted(cordon::v1::Role role) {
  std::bitset<32> types;
  for (int type = Event::REPORT_SENT; type <= Event::Type_MAX; ++type) {
    if (!Event::Type_IsValid(type)) continue;
    if (IsProviderWide(type) && role != cordon::v1::SOC_ANALYST) continue;
    if (IsEscalationType(type) && role == cordon::v1::ORGANIZATION_USER) {
      continue;
    }
    types.set(type);
  }
  return types;
}

absl::StatusOr<std::bitset<32>> RequestedTypes(
    const Principal& principal, const cordon::v1::WatchEventsRequest& request) {
  const std::bitset<32> permitted = Permitted(principal.key.role);
  if (request.types().empty()) return permitted;
  std::bitset<32> types;
  for (int type : request.types()) {
    if (type == Event::BOOKMARK) continue;  // always sent
    if (type == Event::TYPE_UNSPECIFIED || !Event::Type_IsValid(type)) {
      return core::InvalidField("types",
                                absl::StrCat(type, " is not an event type"));
    }
    if (!permitted.test(type)) {
      return core::WithReason(
          absl::PermissionDeniedError(absl::StrCat(
              cordon::v1::Role_Name(principal.key.role), " keys cannot watch ",
              Event::Type_Name(static_cast<Event::Type>(type)),
              IsProviderWide(type) ? " (SOC analysts only)"
                                   : " (ESC-5: no escalations for "
                                     "organization users)")),
          "PERMISSION_DENIED");
    }
    types.set(type);
  }
  return types;
}

// The parent's account; 0 for accounts/-.
absl::StatusOr<uint64_t> ParentAccount(const std::string& parent) {
  if (parent == kAllAccounts) return 0;
  absl::StatusOr<core::AccountName> account = core::ParseAccountName(parent);
  if (!account.ok()) {
    return core::InvalidField(
        "parent",
        "must be accounts/{account}, or accounts/- for every "
        "account (SOC analysts)");
  }
  return account->account;
}

}  // namespace

absl::StatusOr<engine::EventFilter> EventFilterFor(
    const Principal& principal, const cordon::v1::WatchEventsRequest& request) {
  engine::EventFilter filter;
  CORDON_ASSIGN_OR_RETURN(filter.account, ParentAccount(request.parent()));
  if (!request.organization().empty()) {
    absl::StatusOr<core::OrganizationName> org =
        core::ParseOrganizationName(request.organization());
    if (!org.ok()) {
      return core::InvalidField(
          "organization", "must be accounts/{account}/organizations/{org}");
    }
    if (filter.account != 0 && org->account != filter.account) {
      return core::InvalidField("organization", "is not in parent");
    }
    filter.organization = org->organization;
  }
  if (filter.account == 0) {
    CORDON_RETURN_IF_ERROR(RequireSocAnalyst(principal));
  } else {
    // An organization user watches its own organization, named or not.
    if (principal.key.role == cordon::v1::ORGANIZATION_USER &&
        filter.organization == 0) {
      filter.organization = principal.key.organization;
    }
    CORDON_RETURN_IF_ERROR(Authorize(
        principal, Access::kRead, Scope{filter.account, filter.organization},
        request.organization().empty() ? request.parent()
                                       : request.organization()));
  }
  CORDON_ASSIGN_OR_RETURN(filter.types, RequestedTypes(principal, request));
  return filter;
}

}  // namespace cordon::api
