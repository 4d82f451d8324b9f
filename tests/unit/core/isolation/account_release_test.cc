// ISO-4, ISO-6: what a release must enable, and when it enables at all.

#include "server/core/isolation/account_release.h"

#include "gtest/gtest.h"

namespace cordon::core {
namespace account_release_test {

using A = AccountAction;

constexpr AccountOutcome kOk = AccountOutcome::kSucceeded;
constexpr AccountOutcome kRefused = AccountOutcome::kRefused;
constexpr AccountOutcome kUnsure = AccountOutcome::kUncertain;

constexpr DisabledByCordon kNeither{};
constexpr DisabledByCordon kCloud{.cloud = true};
constexpr DisabledByCordon kOnPrem{.on_prem = true};
constexpr DisabledByCordon kBoth{.cloud = true, .on_prem = true};
constexpr DisabledByCordon kCloudEarlier{.cloud = true, .cloud_earlier = true};

struct AfterCase {
  const char* name;
  DisabledByCordon before;
  AccountAction action;
  AccountOutcome outcome;
  DisabledByCordon expected;
};

class DisabledAfterTest : public ::testing::TestWithParam<AfterCase> {};

TEST_P(DisabledAfterTest, Iso4ReleaseUndoesWhatCordonDisabled) {
  const AfterCase& c = GetParam();
  EXPECT_EQ(DisabledAfter(c.before, c.action, c.outcome), c.expected) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, DisabledAfterTest,
    ::testing::Values(AfterCase{"a cloud disable that succeeded stays", kCloud,
                                A::kDisableCloud, kOk, kCloud},
                      AfterCase{"a refused cloud disable never happened", kBoth,
                                A::kDisableCloud, kRefused, kOnPrem},
                      AfterCase{"a refused on-prem disable never happened",
                                kBoth, A::kDisableOnPrem, kRefused, kCloud},
                      AfterCase{"an on-prem disable that succeeded stays",
                                kOnPrem, A::kDisableOnPrem, kOk, kOnPrem},
                      AfterCase{"a cloud enable that succeeded ends it", kBoth,
                                A::kEnableCloud, kOk, kOnPrem},
                      AfterCase{"an on-prem enable that succeeded ends it",
                                kBoth, A::kEnableOnPrem, kOk, kCloud},
                      AfterCase{"a failed enable keeps it, to retry", kCloud,
                                A::kEnableCloud, kRefused, kCloud},
                      AfterCase{"a failed on-prem enable keeps it", kOnPrem,
                                A::kEnableOnPrem, kRefused, kOnPrem},
                      AfterCase{"sessions and rules change no account", kBoth,
                                A::kNone, kRefused, kBoth},
                      AfterCase{"nothing disabled stays so", kNeither,
                                A::kEnableCloud, kOk, kNeither},
                      // Found by the swarm (seed 80): an earlier release's
                      // enable failed, so the account is still disabled.
                      AfterCase{"a refused re-disable keeps an earlier one",
                                kCloudEarlier, A::kDisableCloud, kRefused,
                                kCloudEarlier},
                      // Found by the swarm (seed 4197): a disable timed out
                      // after Graph applied it, then a retry was refused.
                      AfterCase{"a cloud disable that may have happened stays",
                                kCloud, A::kDisableCloud, kUnsure, kCloud},
                      AfterCase{"an on-prem disable that may have happened "
                                "stays",
                                kOnPrem, A::kDisableOnPrem, kUnsure, kOnPrem},
                      AfterCase{"an enable that may have happened keeps it",
                                kCloud, A::kEnableCloud, kUnsure, kCloud},
                      AfterCase{"an enable that succeeded ends both",
                                kCloudEarlier, A::kEnableCloud, kOk,
                                kNeither}));

struct ReleaseCase {
  const char* name;
  ReleaseSituation situation;
  bool expected;
};

class ReleaseEnablesTest : public ::testing::TestWithParam<ReleaseCase> {};

TEST_P(ReleaseEnablesTest, Iso4Iso6TheLastHoldReEnables) {
  EXPECT_EQ(ReleaseEnables(GetParam().situation), GetParam().expected)
      << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ReleaseEnablesTest,
    ::testing::Values(
        ReleaseCase{
            "ISO-4: the last hold released",
            {.was_held = true, .released_last = true, .disabled = kCloud},
            true},
        ReleaseCase{"ISO-4: another hold remains",
                    {.was_held = true, .disabled = kCloud},
                    false},
        ReleaseCase{"ISO-6: a manual release clears every hold",
                    {.release_all = true,
                     .was_held = true,
                     .released_last = true,
                     .disabled = kCloud},
                    true},
        ReleaseCase{"ISO-6: a manual release retries an incomplete one",
                    {.release_all = true, .disabled = kOnPrem},
                    true},
        ReleaseCase{
            "not while its enables are still under way",
            {.release_all = true, .pending_enables = 1, .disabled = kCloud},
            false},
        ReleaseCase{"nothing held and nothing disabled: nothing to do",
                    {.release_all = true, .disabled = kNeither},
                    false},
        ReleaseCase{"a report's release retries nothing",
                    {.disabled = kCloud},
                    false}));

}  // namespace account_release_test
}  // namespace cordon::core
