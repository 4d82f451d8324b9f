#ifndef CORDON_SIMULATOR_WORLD_H_
#define CORDON_SIMULATOR_WORLD_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "server/core/isolation/inbox_rule.h"
#include "server/ports/graph.h"
#include "simulator/change_journal.h"
#include "simulator/event_log.h"

namespace cordon::sim {

// A Microsoft 365 tenant of the simulated world.
struct TenantSpec {
  // Default member initializers let tests name only the fields they need
  // (designated initializers) without -Wmissing-field-initializers.
  std::string tenant_id = "";  // a GUID; compared case-insensitively
  std::vector<std::string> verified_domains = {};
  // Version of our agent on the organization's on-prem AD server; "" = no
  // agent (cloud-only directory, or hybrid without our agent). ISO-9.
  std::string agent_version = "";
  // Users per page of GET /users/delta (Graph's default is 100 or so; small
  // values let scenarios read a tenant in several pages, ISO-12).
  int delta_page_size = 100;
};

// A Microsoft 365 user at creation.
struct UserSpec {
  std::string upn = "";         // keyed lower-cased: UPNs are case-insensitive
  bool account_enabled = true;  // the cloud's accountEnabled
  // Hybrid: the user is synced from on-prem AD by directory sync.
  bool on_premises_sync_enabled = false;
  // The on-prem AD account's state; meaningful for synced users only.
  bool on_prem_enabled = true;
  std::string usage_location = "US";  // ISO 3166 alpha-2
  // The Entra object id; "" = DerivedObjectId(tenant, upn).
  std::string object_id = "";
};

// What applying a call's effect to the world found. The simulated services
// turn it into their wire answer.
enum class WorldResult {
  kDone,
  kUnknownTenant,
  kUnknownUser,
  kUnknownRule,
  kReadOnlyRule,  // the inbox rule is isReadOnly: nothing changed
  kNotSynced,     // an on-prem change for a cloud-only user
  kUpnTaken,      // a rename to a UPN another user of the tenant has
  // GET /users/delta with a link whose token expired (ExpireDeltaTokens):
  // Graph answers 410 resyncRequired, and the reader starts again.
  kDeltaTokenExpired,
  kBadDeltaLink,  // a link the simulated Graph never handed out
};

// The state of the simulated outside world: tenants, their users, sessions
// and inbox rules, and the on-prem side of hybrid users. Scenarios and tests
// build it with the mutators; SimulatedGraph and SimulatedOnPremAgent apply
// their effects through the Apply*/Read* calls after their fault checks;
// invariant checks read it through the queries.
//
// Every state change is appended to the EventLog (actor "world", or
// "dirsync" for directory sync). Maps are ordered (std::map) so that
// iterating — one sync cycle over all users — writes the log in the same
// order in every run (DESIGN rule 3); a hash map's order may vary with the
// process. Thread-safe: one mutex, every call is short.
class World {
 public:
  // `log` (and `journal`, when given) must outlive the world. The journal
  // hears of every user whose enabled states, inbox rules or existence
  // change (not of sessions: no invariant reads them).
  explicit World(EventLog* log, ChangeJournal* journal = nullptr);

  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // --- Set-up and events, for scenarios and tests. ---

  // ALREADY_EXISTS for a tenant id seen before, INVALID_ARGUMENT for an
  // empty one.
  absl::Status AddTenant(const TenantSpec& tenant);
  // NOT_FOUND for an unknown tenant, ALREADY_EXISTS for a UPN (in any case)
  // seen before in the tenant, INVALID_ARGUMENT for an empty UPN.
  absl::Status AddUser(absl::string_view tenant_id, const UserSpec& user);
  // ALREADY_EXISTS for a rule id the mailbox has; INVALID_ARGUMENT for "".
  absl::Status AddInboxRule(absl::string_view tenant_id, absl::string_view upn,
                            const core::InboxRule& rule);
  // The on-prem agent is installed, upgraded or removed ("").
  absl::Status SetAgentVersion(absl::string_view tenant_id,
                               absl::string_view agent_version);
  // A successful sign-in adds one session. FAILED_PRECONDITION when the
  // cloud account is disabled: a disabled account cannot sign in, which is
  // the point of ISO-3.
  absl::Status SignIn(absl::string_view tenant_id, absl::string_view upn);
  // One Entra Connect sync cycle: for every synced user, the on-prem
  // enabled state is copied over the cloud accountEnabled — overwriting a
  // cloud-side disable, which is why ISO-9 calls a cloud-only disable of a
  // hybrid identity LIMITED. Cloud-only users are left alone.
  absl::Status RunDirectorySyncCycle(absl::string_view tenant_id);
  // A sync cycle in every tenant with synced users, in tenant id order.
  void RunDirectorySyncCycleForAllTenants();

  // --- Queries, for invariant checks. nullopt = no such user. ---

  bool HasTenant(absl::string_view tenant_id) const;
  // Tenant ids in order.
  std::vector<std::string> TenantIds() const;
  // The lower-cased UPNs of the tenant, in order.
  std::vector<std::string> Upns(absl::string_view tenant_id) const;
  absl::optional<bool> IsCloudEnabled(absl::string_view tenant_id,
                                      absl::string_view upn) const;
  // nullopt also for a cloud-only user, which has no on-prem account.
  absl::optional<bool> IsOnPremEnabled(absl::string_view tenant_id,
                                       absl::string_view upn) const;
  absl::optional<bool> IsSynced(absl::string_view tenant_id,
                                absl::string_view upn) const;
  absl::optional<int> SessionCount(absl::string_view tenant_id,
                                   absl::string_view upn) const;
  absl::optional<core::InboxRule> Rule(absl::string_view tenant_id,
                                       absl::string_view upn,
                                       absl::string_view rule_id) const;

  // --- A tenant admin, acting outside Cordon. ---

  // The admin disables (or enables) the cloud account themselves.
  WorldResult AdminSetCloudEnabled(absl::string_view tenant_id,
                                   absl::string_view upn, bool enabled);
  // Whether the account is disabled and the disable is a tenant admin's.
  absl::optional<bool> IsDisabledByAdmin(absl::string_view tenant_id,
                                         absl::string_view upn) const;
  // How often Graph enabled an account a tenant admin had disabled: Cordon
  // must re-enable only what it disabled (ISO-4).
  int AdminDisablesUndone() const;
  // A tenant admin renames a user: same object id, new UPN (ISO-12).
  WorldResult AdminRenameUser(absl::string_view tenant_id,
                              absl::string_view upn, absl::string_view new_upn);
  // A tenant admin deletes a user; the delta query reports it @removed.
  WorldResult AdminDeleteUser(absl::string_view tenant_id,
                              absl::string_view upn);
  // A domain admin enables or disables the on-prem AD account of a synced
  // user; the next directory sync cycle carries it to the cloud (ISO-13).
  WorldResult AdminSetOnPremEnabled(absl::string_view tenant_id,
                                    absl::string_view upn, bool enabled);
  // Every delta link handed out so far stops working (Graph's tokens
  // expire after 7 days, or a synchronization reset): the next read with
  // one answers 410 resyncRequired.
  absl::Status ExpireDeltaTokens(absl::string_view tenant_id);
  // nullopt = no such user.
  absl::optional<std::string> ObjectId(absl::string_view tenant_id,
                                       absl::string_view upn) const;
  // The object id a user gets when its spec names none: GUID-shaped and a
  // function of tenant and UPN alone, so runs are reproducible.
  static std::string DerivedObjectId(absl::string_view tenant_id,
                                     absl::string_view upn);

  // --- Effects, for the simulated services (after their fault checks). ---

  // POST revokeSignInSessions: every session ends.
  WorldResult ApplyRevokeSessions(absl::string_view tenant_id,
                                  absl::string_view upn);
  // PATCH accountEnabled in the cloud (synced users too: the next sync
  // cycle overwrites it).
  WorldResult ApplySetCloudEnabled(absl::string_view tenant_id,
                                   absl::string_view upn, bool enabled);
  // The agent's change in on-prem AD; kNotSynced for cloud-only users.
  WorldResult ApplySetOnPremEnabled(absl::string_view tenant_id,
                                    absl::string_view upn, bool enabled);
  // PATCH isEnabled; kReadOnlyRule changes nothing.
  WorldResult ApplySetInboxRuleEnabled(absl::string_view tenant_id,
                                       absl::string_view upn,
                                       absl::string_view rule_id, bool enabled);
  WorldResult ReadInboxRules(absl::string_view tenant_id, absl::string_view upn,
                             std::vector<core::InboxRule>* rules) const;
  WorldResult ReadUser(absl::string_view tenant_id, absl::string_view upn,
                       ports::GraphUser* user) const;
  // GET /users/delta: `link` "" starts a round with every user; otherwise
  // a next or delta link from an earlier page. A round reads the users
  // changed since the link's round began, by object id, tenant.delta_page_size
  // per page; deleted users come as removed entries (ISO-12).
  WorldResult ReadUsersDelta(absl::string_view tenant_id,
                             absl::string_view link,
                             ports::UsersDeltaPage* page) const;
  WorldResult ReadTenantDomains(absl::string_view tenant_id,
                                std::vector<std::string>* domains) const;
  // `agent_version` gets "" when the tenant has no agent.
  WorldResult ReadAgentVersion(absl::string_view tenant_id,
                               std::string* agent_version) const;

 private:
  struct User {
    std::string object_id;
    std::string upn;  // lower-cased, for the log
    bool cloud_enabled = true;
    bool disabled_by_admin = false;
    bool synced = false;
    bool on_prem_enabled = true;
    std::string usage_location;
    int sessions = 0;
    std::vector<core::InboxRule> rules;
    // The tenant's change counter when a property the delta query shows
    // last changed (created, renamed, enabled or disabled, deleted).
    uint64_t changed = 0;
  };
  struct Tenant {
    TenantSpec spec;
    std::map<std::string, User> users;  // by lower-cased UPN
    // The users' keys by object id: delta pages are read in object id
    // order, a page at a time, without a scan of the whole tenant.
    std::map<std::string, std::string> user_key_by_object_id;
    // Deleted users by object id, kept so a delta round reports them.
    std::map<std::string, uint64_t> deleted;  // object id -> changed
    uint64_t changes = 0;
    // Delta links of rounds that began before this are expired.
    uint64_t oldest_valid_round = 0;
    // A sync cycle runs while the tenant has synced users.
    int synced_users = 0;
    // The users changed since the last sync cycle: the only ones whose
    // cloud and on-prem states can differ (a cycle leaves none differing),
    // so a cycle reads these instead of every user of the tenant.
    std::set<std::string> sync_candidates;
    void Touch(User& user) { user.changed = ++changes; }
  };

  static bool IsObjectIdUsed(const Tenant& tenant, absl::string_view object_id);
  // The users of a delta round's page: changed after `since` and at or
  // before `upper`, object id after `after`, in object id order.
  static std::vector<ports::DirectoryUser> DeltaEntries(const Tenant& tenant,
                                                        uint64_t since,
                                                        uint64_t upper,
                                                        absl::string_view after,
                                                        size_t limit);
  Tenant* FindTenant(absl::string_view tenant_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  const Tenant* FindTenant(absl::string_view tenant_id) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Sets *result to kUnknownTenant or kUnknownUser when there is no user.
  User* FindUser(absl::string_view tenant_id, absl::string_view upn,
                 WorldResult* result) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  const User* FindUser(absl::string_view tenant_id, absl::string_view upn,
                       WorldResult* result) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  void SyncTenantLocked(const std::string& tenant_key, Tenant* tenant)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // `user_key` of `tenant_id` changed: the journal (if any) hears of it,
  // and the next sync cycle looks at it.
  void Changed(absl::string_view tenant_id, absl::string_view user_key)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The queries' shared part: `read(user)` under the lock, or nullopt when
  // the tenant or user does not exist. `read` returns an absl::optional.
  template <typename Read>
  auto ReadUser(absl::string_view tenant_id, absl::string_view upn,
                Read read) const
      -> decltype(read(std::declval<const User&>())) {
    std::lock_guard<std::mutex> lock(mu_);
    WorldResult result;
    const User* user = FindUser(tenant_id, upn, &result);
    if (user == nullptr) return absl::nullopt;
    return read(*user);
  }

  // The mutators' shared part: `change(tenant, user)` under the lock, or
  // kUnknownTenant / kUnknownUser.
  template <typename Change>
  WorldResult ChangeUser(absl::string_view tenant_id, absl::string_view upn,
                         Change change) {
    std::lock_guard<std::mutex> lock(mu_);
    WorldResult result;
    User* user = FindUser(tenant_id, upn, &result);
    if (user == nullptr) return result;
    Changed(tenant_id, user->upn);
    return change(*FindTenant(tenant_id), *user);
  }

  EventLog* const log_;
  ChangeJournal* const journal_;
  mutable std::mutex mu_;
  std::map<std::string, Tenant> tenants_ ABSL_GUARDED_BY(mu_);  // lower-cased
  int admin_disables_undone_ ABSL_GUARDED_BY(mu_) = 0;
};

// NOT_FOUND / FAILED_PRECONDITION for the results that are not kDone, for
// callers that want a Status.
absl::Status WorldResultToStatus(WorldResult result);
absl::string_view WorldResultName(WorldResult result);

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_WORLD_H_
