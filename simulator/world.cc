#include "simulator/world.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/types/optional.h"
#include "server/core/check.h"
#include "server/core/fingerprint.h"

namespace cordon::sim {
namespace {

constexpr absl::string_view kWorld = "world";
constexpr absl::string_view kDirSync = "dirsync";

std::string Key(absl::string_view id) { return absl::AsciiStrToLower(id); }

std::string Bool(bool value) { return value ? "true" : "false"; }

// Two independent 64-bit fingerprints of `text` make one GUID.
uint64_t Fnv1a(absl::string_view text, uint64_t seed) {
  return core::Fingerprint(text, core::kFingerprintSeed ^ seed);
}

}  // namespace

std::string World::DerivedObjectId(absl::string_view tenant_id,
                                   absl::string_view upn) {
  const std::string text = absl::StrCat(Key(tenant_id), "/", Key(upn));
  const std::string hex =
      absl::StrCat(absl::Hex(Fnv1a(text, 1), absl::kZeroPad16),
                   absl::Hex(Fnv1a(text, 2), absl::kZeroPad16));
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-",
                      hex.substr(12, 4), "-", hex.substr(16, 4), "-",
                      hex.substr(20, 12));
}

absl::string_view WorldResultName(WorldResult result) {
  switch (result) {
    case WorldResult::kDone:
      return "done";
    case WorldResult::kUnknownTenant:
      return "unknown_tenant";
    case WorldResult::kUnknownUser:
      return "unknown_user";
    case WorldResult::kUnknownRule:
      return "unknown_rule";
    case WorldResult::kReadOnlyRule:
      return "read_only_rule";
    case WorldResult::kNotSynced:
      return "not_synced";
    case WorldResult::kUpnTaken:
      return "upn_taken";
    case WorldResult::kDeltaTokenExpired:
      return "delta_token_expired";
    case WorldResult::kBadDeltaLink:
      return "bad_delta_link";
  }
  return "unknown_result";
}

absl::Status WorldResultToStatus(WorldResult result) {
  switch (result) {
    case WorldResult::kDone:
      return absl::OkStatus();
    case WorldResult::kUnknownTenant:
      return absl::NotFoundError("unknown tenant");
    case WorldResult::kUnknownUser:
      return absl::NotFoundError("unknown user");
    case WorldResult::kUnknownRule:
      return absl::NotFoundError("unknown inbox rule");
    case WorldResult::kReadOnlyRule:
      return absl::FailedPreconditionError("inbox rule is read-only");
    case WorldResult::kNotSynced:
      return absl::FailedPreconditionError("user is not synced from on-prem");
    case WorldResult::kUpnTaken:
      return absl::AlreadyExistsError("another user has that UPN");
    case WorldResult::kDeltaTokenExpired:
      return absl::FailedPreconditionError("the delta token expired");
    case WorldResult::kBadDeltaLink:
      return absl::InvalidArgumentError("not a delta link of this world");
  }
  return absl::InternalError("unknown world result");
}

World::World(EventLog* log, ChangeJournal* journal)
    : log_(log), journal_(journal) {
  CORDON_CHECK(log_ != nullptr, "World needs an EventLog");
}

void World::Changed(absl::string_view tenant_id, absl::string_view user_key) {
  if (journal_ != nullptr) journal_->RecordWorldUser(Key(tenant_id), user_key);
  if (Tenant* tenant = FindTenant(tenant_id); tenant != nullptr) {
    tenant->sync_candidates.emplace(user_key);
  }
}

World::Tenant* World::FindTenant(absl::string_view tenant_id) {
  auto it = tenants_.find(Key(tenant_id));
  return it == tenants_.end() ? nullptr : &it->second;
}

const World::Tenant* World::FindTenant(absl::string_view tenant_id) const {
  auto it = tenants_.find(Key(tenant_id));
  return it == tenants_.end() ? nullptr : &it->second;
}

World::User* World::FindUser(absl::string_view tenant_id, absl::string_view upn,
                             WorldResult* result) {
  Tenant* tenant = FindTenant(tenant_id);
  if (tenant == nullptr) {
    *result = WorldResult::kUnknownTenant;
    return nullptr;
  }
  auto it = tenant->users.find(Key(upn));
  if (it == tenant->users.end()) {
    *result = WorldResult::kUnknownUser;
    return nullptr;
  }
  *result = WorldResult::kDone;
  return &it->second;
}

const World::User* World::FindUser(absl::string_view tenant_id,
                                   absl::string_view upn,
                                   WorldResult* result) const {
  const Tenant* tenant = FindTenant(tenant_id);
  if (tenant == nullptr) {
    *result = WorldResult::kUnknownTenant;
    return nullptr;
  }
  auto it = tenant->users.find(Key(upn));
  if (it == tenant->users.end()) {
    *result = WorldResult::kUnknownUser;
    return nullptr;
  }
  *result = WorldResult::kDone;
  return &it->second;
}

absl::Status World::AddTenant(const TenantSpec& tenant) {
  if (tenant.tenant_id.empty()) {
    return absl::InvalidArgumentError("tenant_id is empty");
  }
  std::lock_guard<std::mutex> lock(mu_);
  const std::string key = Key(tenant.tenant_id);
  if (tenants_.contains(key)) {
    return absl::AlreadyExistsError(
        absl::StrCat("tenant ", tenant.tenant_id, " exists"));
  }
  Tenant& added = tenants_[key];
  added.spec = tenant;
  added.spec.tenant_id = key;
  log_->Append(kWorld, "tenant_added",
               {{"tenant", key},
                {"domains", absl::StrJoin(tenant.verified_domains, ",")},
                {"agent", tenant.agent_version}});
  return absl::OkStatus();
}

absl::Status World::AddUser(absl::string_view tenant_id, const UserSpec& user) {
  if (user.upn.empty()) return absl::InvalidArgumentError("upn is empty");
  std::lock_guard<std::mutex> lock(mu_);
  Tenant* tenant = FindTenant(tenant_id);
  if (tenant == nullptr) {
    return absl::NotFoundError(absl::StrCat("tenant ", tenant_id));
  }
  const std::string key = Key(user.upn);
  if (tenant->users.contains(key)) {
    return absl::AlreadyExistsError(absl::StrCat("user ", user.upn, " exists"));
  }
  std::string object_id = Key(user.object_id);
  if (object_id.empty()) {
    // A user deleted and created again under its UPN gets a new id.
    object_id = DerivedObjectId(tenant_id, user.upn);
    for (int n = 2; IsObjectIdUsed(*tenant, object_id); ++n) {
      object_id = DerivedObjectId(tenant_id, absl::StrCat(user.upn, "#", n));
    }
  } else if (IsObjectIdUsed(*tenant, object_id)) {
    return absl::AlreadyExistsError(absl::StrCat("object id ", object_id));
  }
  User& added = tenant->users[key];
  tenant->user_key_by_object_id[object_id] = key;
  added.object_id = object_id;
  added.upn = key;
  added.cloud_enabled = user.account_enabled;
  added.synced = user.on_premises_sync_enabled;
  added.on_prem_enabled = user.on_prem_enabled;
  added.usage_location = user.usage_location;
  tenant->Touch(added);
  if (added.synced) ++tenant->synced_users;
  Changed(tenant_id, key);
  EventFields fields = {{"tenant", tenant->spec.tenant_id},
                        {"upn", key},
                        {"object_id", object_id},
                        {"cloud_enabled", Bool(added.cloud_enabled)},
                        {"synced", Bool(added.synced)}};
  if (added.synced) {
    fields.emplace_back("on_prem_enabled", Bool(added.on_prem_enabled));
  }
  fields.emplace_back("usage_location", added.usage_location);
  log_->Append(kWorld, "user_added", fields);
  return absl::OkStatus();
}

absl::Status World::AddInboxRule(absl::string_view tenant_id,
                                 absl::string_view upn,
                                 const core::InboxRule& rule) {
  if (rule.id.empty()) return absl::InvalidArgumentError("rule id is empty");
  std::lock_guard<std::mutex> lock(mu_);
  WorldResult result;
  User* user = FindUser(tenant_id, upn, &result);
  if (user == nullptr) return WorldResultToStatus(result);
  for (const core::InboxRule& existing : user->rules) {
    // Graph rule ids are opaque and case-sensitive.
    if (existing.id == rule.id) {
      return absl::AlreadyExistsError(absl::StrCat("rule ", rule.id));
    }
  }
  user->rules.push_back(rule);
  Changed(tenant_id, user->upn);
  log_->Append(kWorld, "inbox_rule_added",
               {{"tenant", Key(tenant_id)},
                {"upn", user->upn},
                {"rule", rule.id},
                {"enabled", Bool(rule.is_enabled)},
                {"read_only", Bool(rule.is_read_only)}});
  return absl::OkStatus();
}

absl::Status World::SetAgentVersion(absl::string_view tenant_id,
                                    absl::string_view agent_version) {
  std::lock_guard<std::mutex> lock(mu_);
  Tenant* tenant = FindTenant(tenant_id);
  if (tenant == nullptr) {
    return absl::NotFoundError(absl::StrCat("tenant ", tenant_id));
  }
  tenant->spec.agent_version = std::string(agent_version);
  log_->Append(kWorld, "agent_version_changed",
               {{"tenant", tenant->spec.tenant_id},
                {"agent", tenant->spec.agent_version}});
  return absl::OkStatus();
}

absl::Status World::SignIn(absl::string_view tenant_id, absl::string_view upn) {
  std::lock_guard<std::mutex> lock(mu_);
  WorldResult result;
  User* user = FindUser(tenant_id, upn, &result);
  if (user == nullptr) return WorldResultToStatus(result);
  if (!user->cloud_enabled) {
    log_->Append(kWorld, "sign_in_refused",
                 {{"tenant", Key(tenant_id)}, {"upn", user->upn}});
    return absl::FailedPreconditionError("account is disabled");
  }
  ++user->sessions;
  log_->Append(kWorld, "signed_in",
               {{"tenant", Key(tenant_id)},
                {"upn", user->upn},
                {"sessions", absl::StrCat(user->sessions)}});
  return absl::OkStatus();
}

void World::SyncTenantLocked(const std::string& tenant_key, Tenant* tenant) {
  int overwritten = 0;
  // In key order, like a walk over every user, so the log is the same.
  for (const std::string& key : std::exchange(tenant->sync_candidates, {})) {
    auto found = tenant->users.find(key);
    if (found == tenant->users.end()) continue;  // deleted or renamed
    User& user = found->second;
    if (!user.synced || user.cloud_enabled == user.on_prem_enabled) continue;
    log_->Append(kDirSync, "account_enabled_overwritten",
                 {{"tenant", tenant_key},
                  {"upn", key},
                  {"from", Bool(user.cloud_enabled)},
                  {"to", Bool(user.on_prem_enabled)}});
    user.cloud_enabled = user.on_prem_enabled;
    tenant->Touch(user);
    if (journal_ != nullptr) journal_->RecordWorldUser(tenant_key, key);
    ++overwritten;
  }
  log_->Append(
      kDirSync, "cycle",
      {{"tenant", tenant_key}, {"overwritten", absl::StrCat(overwritten)}});
}

absl::Status World::RunDirectorySyncCycle(absl::string_view tenant_id) {
  std::lock_guard<std::mutex> lock(mu_);
  Tenant* tenant = FindTenant(tenant_id);
  if (tenant == nullptr) {
    return absl::NotFoundError(absl::StrCat("tenant ", tenant_id));
  }
  SyncTenantLocked(tenant->spec.tenant_id, tenant);
  return absl::OkStatus();
}

void World::RunDirectorySyncCycleForAllTenants() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [key, tenant] : tenants_) {
    if (tenant.synced_users > 0) SyncTenantLocked(key, &tenant);
  }
}

bool World::HasTenant(absl::string_view tenant_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return FindTenant(tenant_id) != nullptr;
}

std::vector<std::string> World::TenantIds() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> ids;
  for (const auto& [key, tenant] : tenants_) ids.push_back(key);
  return ids;
}

std::vector<std::string> World::Upns(absl::string_view tenant_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> upns;
  const Tenant* tenant = FindTenant(tenant_id);
  if (tenant == nullptr) return upns;
  for (const auto& [key, user] : tenant->users) upns.push_back(key);
  return upns;
}

absl::optional<bool> World::IsCloudEnabled(absl::string_view tenant_id,
                                           absl::string_view upn) const {
  return ReadUser(tenant_id, upn, [](const User& user) {
    return absl::optional<bool>(user.cloud_enabled);
  });
}

absl::optional<bool> World::IsOnPremEnabled(absl::string_view tenant_id,
                                            absl::string_view upn) const {
  return ReadUser(tenant_id, upn, [](const User& user) {
    // A cloud-only user has no on-prem account.
    return user.synced ? absl::optional<bool>(user.on_prem_enabled)
                       : absl::nullopt;
  });
}

absl::optional<bool> World::IsSynced(absl::string_view tenant_id,
                                     absl::string_view upn) const {
  return ReadUser(tenant_id, upn, [](const User& user) {
    return absl::optional<bool>(user.synced);
  });
}

absl::optional<int> World::SessionCount(absl::string_view tenant_id,
                                        absl::string_view upn) const {
  return ReadUser(tenant_id, upn, [](const User& user) {
    return absl::optional<int>(user.sessions);
  });
}

absl::optional<core::InboxRule> World::Rule(absl::string_view tenant_id,
                                            absl::string_view upn,
                                            absl::string_view rule_id) const {
  return ReadUser(tenant_id, upn,
                  [&](const User& user) -> absl::optional<core::InboxRule> {
                    for (const core::InboxRule& rule : user.rules) {
                      if (rule.id == rule_id) return rule;
                    }
                    return absl::nullopt;
                  });
}

WorldResult World::ApplyRevokeSessions(absl::string_view tenant_id,
                                       absl::string_view upn) {
  std::lock_guard<std::mutex> lock(mu_);
  WorldResult result;
  User* user = FindUser(tenant_id, upn, &result);
  if (user == nullptr) return result;
  log_->Append(kWorld, "sessions_revoked",
               {{"tenant", Key(tenant_id)},
                {"upn", user->upn},
                {"sessions", absl::StrCat(user->sessions)}});
  user->sessions = 0;
  return WorldResult::kDone;
}

WorldResult World::ApplySetCloudEnabled(absl::string_view tenant_id,
                                        absl::string_view upn, bool enabled) {
  std::lock_guard<std::mutex> lock(mu_);
  WorldResult result;
  User* user = FindUser(tenant_id, upn, &result);
  if (user == nullptr) return result;
  if (enabled && !user->cloud_enabled && user->disabled_by_admin) {
    ++admin_disables_undone_;
    log_->Append(kWorld, "admin_disable_undone",
                 {{"tenant", Key(tenant_id)}, {"upn", user->upn}});
  }
  if (enabled) user->disabled_by_admin = false;
  Changed(tenant_id, user->upn);
  if (user->cloud_enabled != enabled) {
    user->cloud_enabled = enabled;
    FindTenant(tenant_id)->Touch(*user);
    log_->Append(kWorld, "cloud_enabled_changed",
                 {{"tenant", Key(tenant_id)},
                  {"upn", user->upn},
                  {"enabled", Bool(enabled)}});
  }
  return WorldResult::kDone;
}

WorldResult World::AdminSetCloudEnabled(absl::string_view tenant_id,
                                        absl::string_view upn, bool enabled) {
  std::lock_guard<std::mutex> lock(mu_);
  WorldResult result;
  User* user = FindUser(tenant_id, upn, &result);
  if (user == nullptr) return result;
  user->cloud_enabled = enabled;
  user->disabled_by_admin = !enabled;
  Changed(tenant_id, user->upn);
  FindTenant(tenant_id)->Touch(*user);
  log_->Append(kWorld, "admin_set_cloud_enabled",
               {{"tenant", Key(tenant_id)},
                {"upn", user->upn},
                {"enabled", Bool(enabled)}});
  return WorldResult::kDone;
}

absl::optional<bool> World::IsDisabledByAdmin(absl::string_view tenant_id,
                                              absl::string_view upn) const {
  return ReadUser(tenant_id, upn, [](const User& user) {
    return absl::optional<bool>(!user.cloud_enabled && user.disabled_by_admin);
  });
}

int World::AdminDisablesUndone() const {
  std::lock_guard<std::mutex> lock(mu_);
  return admin_disables_undone_;
}

WorldResult World::ApplySetOnPremEnabled(absl::string_view tenant_id,
                                         absl::string_view upn, bool enabled) {
  std::lock_guard<std::mutex> lock(mu_);
  WorldResult result;
  User* user = FindUser(tenant_id, upn, &result);
  if (user == nullptr) return result;
  if (!user->synced) return WorldResult::kNotSynced;
  if (user->on_prem_enabled != enabled) {
    user->on_prem_enabled = enabled;
    Changed(tenant_id, user->upn);
    log_->Append(kWorld, "on_prem_enabled_changed",
                 {{"tenant", Key(tenant_id)},
                  {"upn", user->upn},
                  {"enabled", Bool(enabled)}});
  }
  return WorldResult::kDone;
}

WorldResult World::ApplySetInboxRuleEnabled(absl::string_view tenant_id,
                                            absl::string_view upn,
                                            absl::string_view rule_id,
                                            bool enabled) {
  std::lock_guard<std::mutex> lock(mu_);
  WorldResult result;
  User* user = FindUser(tenant_id, upn, &result);
  if (user == nullptr) return result;
  for (core::InboxRule& rule : user->rules) {
    if (rule.id != rule_id) continue;
    if (rule.is_read_only) return WorldResult::kReadOnlyRule;
    if (rule.is_enabled != enabled) {
      rule.is_enabled = enabled;
      Changed(tenant_id, user->upn);
      log_->Append(kWorld, "inbox_rule_enabled_changed",
                   {{"tenant", Key(tenant_id)},
                    {"upn", user->upn},
                    {"rule", rule.id},
                    {"enabled", Bool(enabled)}});
    }
    return WorldResult::kDone;
  }
  return WorldResult::kUnknownRule;
}

WorldResult World::ReadInboxRules(absl::string_view tenant_id,
                                  absl::string_view upn,
                                  std::vector<core::InboxRule>* rules) const {
  std::lock_guard<std::mutex> lock(mu_);
  WorldResult result;
  const User* user = FindUser(tenant_id, upn, &result);
  if (user == nullptr) return result;
  *rules = user->rules;
  return WorldResult::kDone;
}

WorldResult World::ReadUser(absl::string_view tenant_id, absl::string_view upn,
                            ports::GraphUser* graph_user) const {
  std::lock_guard<std::mutex> lock(mu_);
  WorldResult result;
  const User* user = FindUser(tenant_id, upn, &result);
  if (user == nullptr) return result;
  graph_user->account_enabled = user->cloud_enabled;
  graph_user->on_premises_sync_enabled = user->synced;
  graph_user->usage_location = user->usage_location;
  return WorldResult::kDone;
}

WorldResult World::ReadTenantDomains(absl::string_view tenant_id,
                                     std::vector<std::string>* domains) const {
  std::lock_guard<std::mutex> lock(mu_);
  const Tenant* tenant = FindTenant(tenant_id);
  if (tenant == nullptr) return WorldResult::kUnknownTenant;
  *domains = tenant->spec.verified_domains;
  return WorldResult::kDone;
}

WorldResult World::ReadAgentVersion(absl::string_view tenant_id,
                                    std::string* agent_version) const {
  std::lock_guard<std::mutex> lock(mu_);
  const Tenant* tenant = FindTenant(tenant_id);
  if (tenant == nullptr) return WorldResult::kUnknownTenant;
  *agent_version = tenant->spec.agent_version;
  return WorldResult::kDone;
}

}  // namespace cordon::sim

namespace cordon::sim {
namespace {

// Delta links of the simulated Graph: "delta:<since>" starts the round of
// the users changed after `since`; "next:<since>:<upper>:<after>" continues
// one that reads changes up to `upper`, after object id `after`.
constexpr absl::string_view kDeltaPrefix = "delta:";
constexpr absl::string_view kNextPrefix = "next:";

struct DeltaCursor {
  uint64_t since = 0;
  absl::optional<uint64_t> upper;  // nullopt: the round starts here
  std::string after;
};

absl::optional<DeltaCursor> ParseDeltaLink(absl::string_view link) {
  DeltaCursor cursor;
  if (link.empty()) return cursor;
  if (absl::ConsumePrefix(&link, kDeltaPrefix)) {
    if (!absl::SimpleAtoi(link, &cursor.since)) return absl::nullopt;
    return cursor;
  }
  if (!absl::ConsumePrefix(&link, kNextPrefix)) return absl::nullopt;
  const std::vector<std::string> parts =
      absl::StrSplit(link, absl::MaxSplits(':', 2));
  uint64_t upper = 0;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &cursor.since) ||
      !absl::SimpleAtoi(parts[1], &upper)) {
    return absl::nullopt;
  }
  cursor.upper = upper;
  cursor.after = parts[2];
  return cursor;
}

}  // namespace

bool World::IsObjectIdUsed(const Tenant& tenant, absl::string_view object_id) {
  const std::string id(object_id);
  return tenant.deleted.contains(id) ||
         tenant.user_key_by_object_id.contains(id);
}

absl::optional<std::string> World::ObjectId(absl::string_view tenant_id,
                                            absl::string_view upn) const {
  return ReadUser(tenant_id, upn, [](const User& user) {
    return absl::optional<std::string>(user.object_id);
  });
}

WorldResult World::AdminRenameUser(absl::string_view tenant_id,
                                   absl::string_view upn,
                                   absl::string_view new_upn) {
  const std::string new_key = Key(new_upn);
  return ChangeUser(tenant_id, upn, [&](Tenant& tenant, User& user) {
    if (new_key.empty() || tenant.users.contains(new_key)) {
      return WorldResult::kUpnTaken;
    }
    log_->Append(kWorld, "admin_renamed_user",
                 {{"tenant", tenant.spec.tenant_id},
                  {"upn", user.upn},
                  {"new_upn", new_key},
                  {"object_id", user.object_id}});
    User renamed = std::move(user);
    tenant.users.erase(renamed.upn);
    tenant.user_key_by_object_id[renamed.object_id] = new_key;
    renamed.upn = new_key;
    Changed(tenant.spec.tenant_id, new_key);
    tenant.Touch(renamed);
    tenant.users[new_key] = std::move(renamed);
    return WorldResult::kDone;
  });
}

WorldResult World::AdminDeleteUser(absl::string_view tenant_id,
                                   absl::string_view upn) {
  return ChangeUser(tenant_id, upn, [&](Tenant& tenant, User& user) {
    log_->Append(kWorld, "admin_deleted_user",
                 {{"tenant", tenant.spec.tenant_id},
                  {"upn", user.upn},
                  {"object_id", user.object_id}});
    tenant.deleted[user.object_id] = ++tenant.changes;
    if (user.synced) --tenant.synced_users;
    tenant.user_key_by_object_id.erase(user.object_id);
    tenant.users.erase(user.upn);
    return WorldResult::kDone;
  });
}

WorldResult World::AdminSetOnPremEnabled(absl::string_view tenant_id,
                                         absl::string_view upn, bool enabled) {
  return ChangeUser(tenant_id, upn, [&](Tenant& tenant, User& user) {
    if (!user.synced) return WorldResult::kNotSynced;
    user.on_prem_enabled = enabled;
    log_->Append(kWorld, "admin_set_on_prem_enabled",
                 {{"tenant", tenant.spec.tenant_id},
                  {"upn", user.upn},
                  {"enabled", Bool(enabled)}});
    return WorldResult::kDone;
  });
}

absl::Status World::ExpireDeltaTokens(absl::string_view tenant_id) {
  std::lock_guard<std::mutex> lock(mu_);
  Tenant* tenant = FindTenant(tenant_id);
  if (tenant == nullptr) {
    return absl::NotFoundError(absl::StrCat("tenant ", tenant_id));
  }
  tenant->oldest_valid_round = ++tenant->changes;
  log_->Append(kWorld, "delta_tokens_expired",
               {{"tenant", tenant->spec.tenant_id}});
  return absl::OkStatus();
}

std::vector<ports::DirectoryUser> World::DeltaEntries(const Tenant& tenant,
                                                      uint64_t since,
                                                      uint64_t upper,
                                                      absl::string_view after,
                                                      size_t limit) {
  // Both maps are in object id order: the first `limit` of each after
  // `after` hold the page's entries.
  std::map<std::string, ports::DirectoryUser> by_id;
  auto in_round = [&](uint64_t changed) {
    return changed > since && changed <= upper;
  };
  size_t taken = 0;
  for (auto it = tenant.user_key_by_object_id.upper_bound(std::string(after));
       it != tenant.user_key_by_object_id.end() && taken < limit; ++it) {
    const User& user = tenant.users.at(it->second);
    if (!in_round(user.changed)) continue;
    ports::DirectoryUser& entry = by_id[user.object_id];
    entry.object_id = user.object_id;
    entry.upn = user.upn;
    entry.account_enabled = user.cloud_enabled;
    entry.on_premises_sync_enabled = user.synced;
    entry.usage_location = user.usage_location;
    ++taken;
  }
  // A full round (since 0) lists the users there are, not the deleted.
  taken = 0;
  for (auto it = tenant.deleted.upper_bound(std::string(after));
       since != 0 && it != tenant.deleted.end() && taken < limit; ++it) {
    if (!in_round(it->second)) continue;
    ports::DirectoryUser& entry = by_id[it->first];
    entry.object_id = it->first;
    entry.removed = true;
    ++taken;
  }
  std::vector<ports::DirectoryUser> entries;
  for (auto& [id, entry] : by_id) {
    if (entries.size() == limit) break;
    entries.push_back(std::move(entry));
  }
  return entries;
}

WorldResult World::ReadUsersDelta(absl::string_view tenant_id,
                                  absl::string_view link,
                                  ports::UsersDeltaPage* page) const {
  std::lock_guard<std::mutex> lock(mu_);
  const Tenant* tenant = FindTenant(tenant_id);
  if (tenant == nullptr) return WorldResult::kUnknownTenant;
  const absl::optional<DeltaCursor> cursor = ParseDeltaLink(link);
  if (!cursor.has_value()) return WorldResult::kBadDeltaLink;
  // A round that begins now reads the changes made until now.
  const uint64_t upper = cursor->upper.value_or(tenant->changes);
  if (!link.empty() && (cursor->upper.has_value() ? upper : cursor->since) <
                           tenant->oldest_valid_round) {
    return WorldResult::kDeltaTokenExpired;
  }
  const size_t page_size =
      static_cast<size_t>(std::max(1, tenant->spec.delta_page_size));
  // One more than a page tells whether another page follows.
  std::vector<ports::DirectoryUser> entries =
      DeltaEntries(*tenant, cursor->since, upper, cursor->after, page_size + 1);
  *page = ports::UsersDeltaPage();
  if (entries.size() > page_size) {
    entries.pop_back();
    page->next_link = absl::StrCat(kNextPrefix, cursor->since, ":", upper, ":",
                                   entries.back().object_id);
  } else {
    page->delta_link = absl::StrCat(kDeltaPrefix, upper);
  }
  page->users = std::move(entries);
  return WorldResult::kDone;
}

}  // namespace cordon::sim
