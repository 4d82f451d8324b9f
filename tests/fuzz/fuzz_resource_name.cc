// Resource names (core::Parse*Name): every parser either refuses the text
// with INVALID_ARGUMENT or returns non-zero ids whose ToString() parses back
// to the same ids.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "server/core/resource_name.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

template <typename Name>
void CheckRoundTrip(absl::StatusOr<Name> (*parse)(absl::string_view),
                    absl::string_view text,
                    bool (*equal)(const Name&, const Name&)) {
  absl::StatusOr<Name> name = parse(text);
  if (!name.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(name.status()));
    return;
  }
  const std::string canonical = name->ToString();
  absl::StatusOr<Name> again = parse(canonical);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(equal(*name, *again));
  FUZZ_CHECK(again->ToString() == canonical);
}

using namespace cordon::core;  // NOLINT: the parsers, one after the other

bool Same(const AccountName& a, const AccountName& b) {
  return a.account == b.account && a.account != 0;
}
bool Same(const OrganizationName& a, const OrganizationName& b) {
  return Same(a.parent(), b.parent()) && a.organization == b.organization &&
         a.organization != 0;
}
bool Same(const IdentityName& a, const IdentityName& b) {
  return Same(a.parent(), b.parent()) && a.identity == b.identity &&
         a.identity != 0;
}
bool Same(const IncidentReportName& a, const IncidentReportName& b) {
  return Same(a.parent(), b.parent()) && a.report == b.report && a.report != 0;
}
bool Same(const UserName& a, const UserName& b) {
  return a.account == b.account && a.user == b.user && a.account != 0 &&
         a.user != 0;
}
bool Same(const ApiKeyName& a, const ApiKeyName& b) {
  return a.api_key == b.api_key && a.api_key != 0;
}
bool Same(const SocAlertName& a, const SocAlertName& b) {
  return a.alert == b.alert && a.alert != 0;
}
bool Same(const AgentKeyName& a, const AgentKeyName& b) {
  return Same(a.parent(), b.parent()) && a.agent_key == b.agent_key &&
         a.agent_key != 0;
}
bool Same(const AccessRuleName& a, const AccessRuleName& b) {
  // An identity-scoped rule always names its organization.
  return a.account == b.account && a.organization == b.organization &&
         a.identity == b.identity && a.rule == b.rule && a.account != 0 &&
         a.rule != 0 && (a.identity == 0 || a.organization != 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  CheckRoundTrip<AccountName>(ParseAccountName, text, Same);
  CheckRoundTrip<OrganizationName>(ParseOrganizationName, text, Same);
  CheckRoundTrip<IdentityName>(ParseIdentityName, text, Same);
  CheckRoundTrip<IncidentReportName>(ParseIncidentReportName, text, Same);
  CheckRoundTrip<UserName>(ParseUserName, text, Same);
  CheckRoundTrip<ApiKeyName>(ParseApiKeyName, text, Same);
  CheckRoundTrip<SocAlertName>(ParseSocAlertName, text, Same);
  CheckRoundTrip<AgentKeyName>(ParseAgentKeyName, text, Same);
  CheckRoundTrip<AccessRuleName>(ParseAccessRuleName, text, Same);
  return 0;
}
