#include "tools/cordon-agent/ldap_directory.h"

#include <ldap.h>

#include <memory>
#include <optional>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace cordon::agent {
namespace {

DirectoryOutcome Failed(DirectoryOutcome::Kind kind, const char* what,
                        int code) {
  return {kind, absl::StrCat(what, ": ", ldap_err2string(code))};
}

struct LdapCloser {
  void operator()(LDAP* ld) const { ldap_unbind_ext_s(ld, nullptr, nullptr); }
};
struct MessageFreer {
  void operator()(LDAPMessage* message) const { ldap_msgfree(message); }
};
using Connection = std::unique_ptr<LDAP, LdapCloser>;
using Message = std::unique_ptr<LDAPMessage, MessageFreer>;

constexpr int kTimeoutSeconds = 10;

}  // namespace

std::string EscapeFilterValue(const std::string& value) {
  std::string out;
  for (unsigned char c : value) {
    if (c == '*' || c == '(' || c == ')' || c == '\\' || c == 0) {
      absl::StrAppendFormat(&out, "\\%02x", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

namespace {

// Connects and binds; the failure, if any.
std::optional<DirectoryOutcome> Open(const LdapOptions& options,
                                     Connection* connection) {
  using Kind = DirectoryOutcome::Kind;
  LDAP* raw = nullptr;
  int rc = ldap_initialize(&raw, options.uri.c_str());
  if (rc != LDAP_SUCCESS) return Failed(Kind::kPermanent, "LDAP URI", rc);
  connection->reset(raw);
  const int version = LDAP_VERSION3;
  ldap_set_option(raw, LDAP_OPT_PROTOCOL_VERSION, &version);
  ldap_set_option(raw, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  timeval timeout{kTimeoutSeconds, 0};
  ldap_set_option(raw, LDAP_OPT_NETWORK_TIMEOUT, &timeout);
  if (!options.ca_file.empty()) {
    ldap_set_option(raw, LDAP_OPT_X_TLS_CACERTFILE, options.ca_file.c_str());
    const int demand = LDAP_OPT_X_TLS_DEMAND;
    ldap_set_option(raw, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
    const int fresh = 0;
    ldap_set_option(raw, LDAP_OPT_X_TLS_NEWCTX, &fresh);
  }
  berval password{static_cast<ber_len_t>(options.password.size()),
                  const_cast<char*>(options.password.data())};
  rc = ldap_sasl_bind_s(raw, options.bind_dn.c_str(), LDAP_SASL_SIMPLE,
                        &password, nullptr, nullptr, nullptr);
  if (rc != LDAP_SUCCESS) {
    return Failed(
        rc == LDAP_INVALID_CREDENTIALS ? Kind::kPermanent : Kind::kRetryable,
        "LDAP bind", rc);
  }
  return std::nullopt;
}

}  // namespace

DirectoryOutcome LdapDirectory::SetAccountEnabled(const std::string& upn,
                                                  bool enabled) {
  using Kind = DirectoryOutcome::Kind;
  std::lock_guard<std::mutex> lock(mu_);
  Connection ld;
  if (std::optional<DirectoryOutcome> failed = Open(options_, &ld)) {
    return *failed;
  }
  timeval timeout{kTimeoutSeconds, 0};
  int rc = LDAP_SUCCESS;
  const std::string filter =
      absl::StrCat("(userPrincipalName=", EscapeFilterValue(upn), ")");
  char attribute[] = "userAccountControl";
  char* attributes[] = {attribute, nullptr};
  LDAPMessage* found_raw = nullptr;
  rc = ldap_search_ext_s(ld.get(), options_.base_dn.c_str(), LDAP_SCOPE_SUBTREE,
                         filter.c_str(), attributes, 0, nullptr, nullptr,
                         &timeout, 2, &found_raw);
  Message found(found_raw);
  if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
    return Failed(Kind::kRetryable, "LDAP search", rc);
  }
  const int count = ldap_count_entries(ld.get(), found.get());
  if (count != 1) {
    return {Kind::kPermanent,
            absl::StrCat(count == 0 ? "no account" : "several accounts",
                         " with userPrincipalName ", upn)};
  }
  LDAPMessage* entry = ldap_first_entry(ld.get(), found.get());
  char* dn = ldap_get_dn(ld.get(), entry);
  const std::string entry_dn = dn == nullptr ? "" : dn;
  ldap_memfree(dn);
  berval** values = ldap_get_values_len(ld.get(), entry, attribute);
  long control = 0x200;  // NORMAL_ACCOUNT when the attribute is missing
  if (values != nullptr && values[0] != nullptr) {
    const std::string text(values[0]->bv_val, values[0]->bv_len);
    if (!absl::SimpleAtoi(text, &control)) {
      ldap_value_free_len(values);
      return {Kind::kPermanent, "userAccountControl is no number"};
    }
  }
  ldap_value_free_len(values);
  const std::string after = absl::StrCat(WithEnabled(control, enabled));
  std::vector<char> value(after.begin(), after.end());
  value.push_back('\0');
  char* new_values[] = {value.data(), nullptr};
  LDAPMod mod{};
  mod.mod_op = LDAP_MOD_REPLACE;
  mod.mod_type = attribute;
  mod.mod_values = new_values;
  LDAPMod* mods[] = {&mod, nullptr};
  rc = ldap_modify_ext_s(ld.get(), entry_dn.c_str(), mods, nullptr, nullptr);
  if (rc != LDAP_SUCCESS) {
    return Failed(
        rc == LDAP_INSUFFICIENT_ACCESS ? Kind::kPermanent : Kind::kRetryable,
        "LDAP modify", rc);
  }
  return {Kind::kSucceeded,
          absl::StrCat(entry_dn, " userAccountControl=", after)};
}

}  // namespace cordon::agent
