#ifndef CORDON_SERVER_CORE_ISOLATION_ACCOUNT_RELEASE_H_
#define CORDON_SERVER_CORE_ISOLATION_ACCOUNT_RELEASE_H_

namespace cordon::core {

// The accounts of one identity that Cordon disabled (or is disabling) and
// has not enabled again: what a release must enable (ISO-4). Set when a
// disable is queued.
struct DisabledByCordon {
  bool cloud = false;
  bool on_prem = false;
  // Already disabled by an earlier isolation when this one's disable was
  // queued (that isolation's release could not enable it).
  bool cloud_earlier = false;
  bool on_prem_earlier = false;

  bool any() const { return cloud || on_prem; }
  friend bool operator==(const DisabledByCordon&,
                         const DisabledByCordon&) = default;
};

// An outbox action as far as the identity's accounts are concerned.
enum class AccountAction {
  kNone,  // sessions, inbox rules: no account changes
  kDisableCloud,
  kDisableOnPrem,
  kEnableCloud,
  kEnableOnPrem,
};

// How an account action ended, as far as Cordon can tell.
enum class AccountOutcome {
  kSucceeded,
  // Every attempt was refused: it never happened.
  kRefused,
  // It failed for good, but an attempt ended without a definite answer (a
  // timeout, a server error), so it may have happened all the same.
  kUncertain,
};

// ISO-4, after an action of the identity's current isolation ended (a
// superseded action, or one of an earlier isolation, changes nothing): an
// enable that succeeded ends that disable; a disable that was refused never
// happened, so a release has nothing of it to undo (an admin may have
// disabled the account for reasons of their own), unless an earlier
// isolation's disable is still in force (`*_earlier`). A disable that succeeded
// or may have stays until enabled, and an enable that failed keeps it, so a
// release that cannot complete stays visible and can be retried.
DisabledByCordon DisabledAfter(DisabledByCordon before, AccountAction action,
                               AccountOutcome outcome);

// Where an identity stands when a release asks to end its holds.
struct ReleaseSituation {
  // ISO-6: an admin's manual release, which clears every hold.
  bool release_all = false;
  bool was_held = false;
  // The release removed the last hold (IdentityHolds::Release/ReleaseAll).
  bool released_last = false;
  // Enables queued by an earlier release and not ended yet.
  int pending_enables = 0;
  DisabledByCordon disabled;
};

// ISO-4, ISO-6: whether the release re-enables the identity's accounts: when
// it removed the last hold (ISO-4: not while another hold remains), or when
// an admin releases by hand an identity no hold keeps but whose earlier
// release could not enable it (the enable failed for good): that retries it.
bool ReleaseEnables(const ReleaseSituation& situation);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ISOLATION_ACCOUNT_RELEASE_H_
