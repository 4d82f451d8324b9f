#include "server/engine/tenancy/dependents.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/core/errors.h"
#include "server/engine/common/child_counts.h"
#include "server/engine/common/rows.h"
#include "server/engine/escalation/access_rule_manager.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

// Deletes the access rules whose name starts with `parent` + "/": the rules
// at that scope and below.
absl::StatusOr<int> DeleteRulesUnder(const store::Database& db,
                                     store::Transaction& txn, uint64_t account,
                                     const std::string& parent) {
  std::vector<std::string> keys;
  absl::Status parse_status;
  const std::string prefix = absl::StrCat(parent, "/");
  CORDON_RETURN_IF_ERROR(ScanRows<cordon::v1::AccessRule>(
      db, store::Family::kAccessRules, store::KeyOf({account}),
      kMaxAccessRulesPerAccount, "access rule",
      [&](const cordon::v1::AccessRule& rule) {
        if (!absl::StartsWith(rule.name(), prefix)) return true;
        absl::StatusOr<core::AccessRuleName> name =
            core::ParseAccessRuleName(rule.name());
        if (!name.ok()) {
          parse_status = RowDoesNotParse("access rule");
          return false;
        }
        keys.push_back(store::KeyOf({account, name->rule}));
        return true;
      }));
  CORDON_RETURN_IF_ERROR(parse_status);
  // Locked one by one: a rule deleted by hand meanwhile is not deleted (and
  // counted off) twice.
  int deleted = 0;
  std::string row;
  for (const std::string& key : keys) {
    CORDON_ASSIGN_OR_RETURN(
        bool present,
        txn.GetRawForUpdate(store::Family::kAccessRules, key, &row));
    if (!present) continue;
    txn.Delete(store::Family::kAccessRules, key);
    ++deleted;
  }
  // No rule gone, no counter touched: deletes that take none do not
  // serialize on the account's counter row.
  if (deleted > 0) {
    CORDON_RETURN_IF_ERROR(AddChildCount(txn, store::Family::kAccessRules,
                                         store::KeyOf({account}), -deleted));
  }
  return deleted;
}

std::string Summary(int rules, absl::string_view more) {
  std::vector<std::string> parts;
  if (rules > 0) parts.push_back(absl::StrCat(rules, " access rule(s)"));
  if (!more.empty()) parts.push_back(std::string(more));
  return absl::StrJoin(parts, ", ");
}

}  // namespace

absl::StatusOr<std::string> DeleteIdentityDependents(
    const store::Database& db, store::Transaction& txn,
    const core::IdentityName& identity) {
  CORDON_ASSIGN_OR_RETURN(int rules, DeleteRulesUnder(db, txn, identity.account,
                                                      identity.ToString()));
  const std::string key = store::KeyOf(
      {identity.account, identity.organization, identity.identity});
  std::string record;
  CORDON_ASSIGN_OR_RETURN(
      bool had_record,
      txn.GetRawForUpdate(store::Family::kIsolation, key, &record));
  if (had_record) txn.Delete(store::Family::kIsolation, key);
  return Summary(rules, had_record ? "its isolation history" : "");
}

absl::StatusOr<std::string> DeleteOrganizationDependents(
    const store::Database& db, store::Transaction& txn,
    const core::OrganizationName& organization) {
  CORDON_ASSIGN_OR_RETURN(
      int rules,
      DeleteRulesUnder(db, txn, organization.account, organization.ToString()));
  std::vector<std::string> keys;
  CORDON_RETURN_IF_ERROR(db.Scan(
      store::Family::kEndpoints,
      store::KeyOf({organization.account, organization.organization}), "",
      /*reverse=*/false, [&](absl::string_view key, absl::string_view) {
        keys.emplace_back(key);
        return static_cast<int>(keys.size()) < kMaxEndpointRowsDeleted;
      }));
  for (const std::string& key : keys) {
    txn.Delete(store::Family::kEndpoints, key);
  }
  return Summary(
      rules, keys.empty() ? "" : absl::StrCat(keys.size(), " endpoint row(s)"));
}

}  // namespace cordon::engine
