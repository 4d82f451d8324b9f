#include "server/core/isolation/graph_error.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace cordon::core {
namespace {

constexpr absl::string_view kAadstsPrefix = "AADSTS";

// "AADSTS7000215", "aadsts7000215" and "7000215" all become "7000215"; an
// unusable code becomes "".
absl::string_view AadstsNumber(absl::string_view code) {
  code = absl::StripAsciiWhitespace(code);
  if (absl::StartsWithIgnoreCase(code, kAadstsPrefix)) {
    code.remove_prefix(kAadstsPrefix.size());
  }
  if (code.empty()) return "";
  for (char c : code) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return "";
  }
  return code;
}

struct KnownAadsts {
  absl::string_view number;
  absl::string_view meaning;
  absl::string_view remedy;
};

// ISO-11 / ESC-2: the token errors that only the customer can fix.
constexpr KnownAadsts kTenantInaccessible[] = {
    {"7000215",
     "The client secret Cordon presents for this tenant is not valid (wrong "
     "or mistyped secret).",
     "Create a new client secret for the Cordon app registration and enter "
     "it in Cordon's Microsoft 365 integration settings."},
    {"7000222",
     "The client secret Cordon presents for this tenant has expired.",
     "Create a new client secret for the Cordon app registration (the old "
     "one cannot be extended) and enter it in Cordon's Microsoft 365 "
     "integration settings."},
    {"700016",
     "The Cordon application is not present in the tenant: it was never "
     "consented to, or it was deleted from Enterprise applications.",
     "A Global Administrator of the tenant must grant admin consent to the "
     "Cordon application again, and check that the tenant id bound to the "
     "organization is the right one."},
    {"65001",
     "Admin consent for the Cordon application's permissions is missing or "
     "was revoked.",
     "A Global Administrator of the tenant must grant admin consent to the "
     "Cordon application (Entra admin center > Enterprise applications > "
     "Permissions)."},
    {"700027",
     "The certificate Cordon signs in with is not accepted for this app: it "
     "is not (or no longer) registered on the Cordon app registration, or it "
     "has expired.",
     "Ask your security operations provider to renew Cordon's certificate; "
     "nothing in the customer tenant needs to change."},
    {"7000112",
     "The Cordon application is disabled in the tenant (its Enterprise "
     "application is set so that users cannot sign in).",
     "A tenant administrator must enable the Cordon application again "
     "(Entra admin center > Enterprise applications > Cordon > Properties > "
     "Enabled for users to sign in: Yes)."},
    {"90002",
     "The tenant bound to the organization does not exist: it was deleted, "
     "the tenant id is mistyped, or it lives in another cloud.",
     "Check the tenant id of the organization's Microsoft 365 binding and "
     "correct it; if the tenant was deleted, remove the binding."},
};

const KnownAadsts* FindKnown(absl::string_view aadsts_code) {
  const absl::string_view number = AadstsNumber(aadsts_code);
  if (number.empty()) return nullptr;
  for (const KnownAadsts& known : kTenantInaccessible) {
    if (known.number == number) return &known;
  }
  return nullptr;
}

bool IsClientError(int status) { return status >= 400 && status < 500; }

}  // namespace

bool IsTenantInaccessibleAadsts(absl::string_view aadsts_code) {
  return FindKnown(aadsts_code) != nullptr;
}

ErrorClass ClassifyGraphOutcome(const GraphCallOutcome& outcome) {
  const int status = outcome.http_status;
  // A timed-out call may still have run on Graph's side; every action we
  // send is idempotent (set a flag, revoke sessions), so repeating is safe.
  if (outcome.timed_out) return ErrorClass::kRetryable;
  if (IsTenantInaccessibleAadsts(outcome.aadsts_code)) {
    return ErrorClass::kTenantInaccessible;
  }
  if (status >= 200 && status < 300) return ErrorClass::kSuccess;
  if (RejectsToken(outcome)) return ErrorClass::kTokenRejected;
  if (status == 429) return ErrorClass::kThrottled;
  if ((status == 503 || status == 504) && outcome.retry_after.has_value()) {
    return ErrorClass::kThrottled;
  }
  if (status >= 500 && status < 600) return ErrorClass::kRetryable;
  if (status == 0 || status == 408) return ErrorClass::kRetryable;
  if (status == 409 && outcome.error_code == "Directory_ConcurrencyViolation") {
    return ErrorClass::kRetryable;
  }
  if (IsClientError(status) &&
      (outcome.target_rule_read_only ||
       absl::StrContains(absl::AsciiStrToLower(outcome.error_code),
                         "readonly"))) {
    return ErrorClass::kReadOnlyRule;
  }
  return ErrorClass::kPermanent;
}

bool RejectsToken(const GraphCallOutcome& outcome) {
  return outcome.http_status == 401 &&
         absl::EqualsIgnoreCase(outcome.error_code,
                                "InvalidAuthenticationToken");
}

bool HasNoReachableMailbox(const GraphCallOutcome& outcome) {
  return IsClientError(outcome.http_status) &&
         (outcome.error_code == "MailboxNotEnabledForRESTAPI" ||
          outcome.error_code == "MailboxNotSupportedForRESTAPI");
}

std::string FindAadstsCode(absl::string_view text) {
  const std::string upper = absl::AsciiStrToUpper(text);
  size_t from = 0;
  // Terminates: every round moves `from` past one occurrence of the prefix.
  while (true) {
    const size_t at =
        upper.find(kAadstsPrefix.data(), from, kAadstsPrefix.size());
    if (at == std::string::npos) return "";
    size_t end = at + kAadstsPrefix.size();
    while (end < upper.size() &&
           absl::ascii_isdigit(static_cast<unsigned char>(upper[end]))) {
      ++end;
    }
    if (end > at + kAadstsPrefix.size()) return upper.substr(at, end - at);
    from = at + kAadstsPrefix.size();
  }
}

AadstsDescription DescribeAadstsError(absl::string_view aadsts_code) {
  AadstsDescription description;
  if (const KnownAadsts* known = FindKnown(aadsts_code)) {
    description.known = true;
    description.meaning = known->meaning;
    description.remedy = known->remedy;
    return description;
  }
  description.meaning =
      "Microsoft Entra ID refused to issue Cordon a token for this tenant.";
  description.remedy =
      "Look the AADSTS code up in Microsoft's Entra authentication error "
      "reference and check the Cordon application's registration, secret and "
      "admin consent in the tenant.";
  return description;
}

std::string DescribeGraphOutcome(const GraphCallOutcome& outcome) {
  if (outcome.timed_out) return "Graph did not answer in time";
  std::string text = absl::StrCat("Graph answered HTTP ", outcome.http_status);
  if (!outcome.error_code.empty()) {
    absl::StrAppend(&text, " ", outcome.error_code);
  }
  if (!outcome.aadsts_code.empty()) {
    const AadstsDescription aadsts = DescribeAadstsError(outcome.aadsts_code);
    absl::StrAppend(&text, " ", outcome.aadsts_code, ": ", aadsts.meaning,
                    aadsts.remedy.empty() ? "" : " ", aadsts.remedy);
  }
  if (outcome.retry_after) {
    absl::StrAppend(&text, " (Retry-After ",
                    absl::FormatDuration(*outcome.retry_after), ")");
  }
  return text;
}

}  // namespace cordon::core
