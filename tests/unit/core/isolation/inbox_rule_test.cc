#include "server/core/isolation/inbox_rule.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace cordon::core {
namespace inbox_rule_test {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::vector<std::string> kContoso = {"contoso.com", "contoso.nl"};
const absl::flat_hash_set<std::string> kNoneNamed;

InboxRule Rule(InboxRuleActions actions) {
  InboxRule rule;
  rule.id = "AQAAAJ5dZqA=";
  rule.display_name = "rule";
  rule.actions = std::move(actions);
  return rule;
}

InboxRuleActions ForwardTo(std::string address) {
  InboxRuleActions actions;
  actions.forward_to = {std::move(address)};
  return actions;
}

TEST(InboxRule, Iso3HarmlessRuleIsNotSuspicious) {
  InboxRuleActions actions;
  actions.move_to_folder = WellKnownFolder::kOther;
  actions.forward_to = {"colleague@contoso.com"};
  const RuleSuspicion suspicion =
      ClassifyInboxRule(Rule(actions), kContoso, kNoneNamed);
  EXPECT_FALSE(suspicion.IsSuspicious());
  EXPECT_THAT(suspicion.Reasons(), IsEmpty());
  EXPECT_EQ(suspicion.ToString(), "");
}

TEST(InboxRule, Iso3RuleNamedInReportIsSuspicious) {
  const InboxRule rule = Rule({});
  const RuleSuspicion suspicion =
      ClassifyInboxRule(rule, kContoso, {"other", rule.id});
  EXPECT_THAT(suspicion.Reasons(),
              ElementsAre(RuleSuspicionReason::kNamedInReport));
}

TEST(InboxRule, Iso3RuleIdMatchIsExactBecauseGraphIdsAreCaseSensitive) {
  InboxRule rule = Rule({});
  rule.id = "AbC=";
  EXPECT_FALSE(ClassifyInboxRule(rule, kContoso, {"abc="}).IsSuspicious());
}

TEST(InboxRule, Iso3ForwardOutsideTenantIsSuspicious) {
  const RuleSuspicion suspicion = ClassifyInboxRule(
      Rule(ForwardTo("attacker@evil.example")), kContoso, kNoneNamed);
  EXPECT_THAT(suspicion.Reasons(),
              ElementsAre(RuleSuspicionReason::kForwardsOutsideTenant));
  EXPECT_EQ(suspicion.ToString(), "FORWARDS_OUTSIDE_TENANT");
}

TEST(InboxRule, Iso3ForwardAsAttachmentOutsideTenantCountsAsForward) {
  InboxRuleActions actions;
  actions.forward_as_attachment_to = {"attacker@evil.example"};
  EXPECT_TRUE(ClassifyInboxRule(Rule(actions), kContoso, kNoneNamed)
                  .Has(RuleSuspicionReason::kForwardsOutsideTenant));
}

TEST(InboxRule, Iso3OneOutsideRecipientAmongInsideOnesIsEnough) {
  InboxRuleActions actions;
  actions.forward_to = {"a@contoso.com", "b@contoso.nl", "x@evil.example"};
  EXPECT_TRUE(ClassifyInboxRule(Rule(actions), kContoso, kNoneNamed)
                  .Has(RuleSuspicionReason::kForwardsOutsideTenant));
}

TEST(InboxRule, Iso3RedirectOutsideTenantIsSuspicious) {
  InboxRuleActions actions;
  actions.redirect_to = {"drop@evil.example"};
  EXPECT_THAT(ClassifyInboxRule(Rule(actions), kContoso, kNoneNamed).Reasons(),
              ElementsAre(RuleSuspicionReason::kRedirectsOutsideTenant));
}

TEST(InboxRule, Iso3RedirectInsideTenantIsNotSuspicious) {
  InboxRuleActions actions;
  actions.redirect_to = {"helpdesk@contoso.com"};
  EXPECT_FALSE(
      ClassifyInboxRule(Rule(actions), kContoso, kNoneNamed).IsSuspicious());
}

TEST(InboxRule, Iso3DomainMatchIsCaseInsensitive) {
  EXPECT_FALSE(ClassifyInboxRule(Rule(ForwardTo("Boss@CONTOSO.Com")),
                                 {"Contoso.COM"}, kNoneNamed)
                   .IsSuspicious());
  EXPECT_TRUE(IsAddressInsideTenant("a@contoso.com", {"CONTOSO.COM"}));
  EXPECT_TRUE(IsAddressInsideTenant("A@CONTOSO.COM", {"contoso.com"}));
}

TEST(InboxRule, Iso3SubdomainOfTenantDomainIsInside) {
  EXPECT_TRUE(IsAddressInsideTenant("a@mail.contoso.com", kContoso));
  EXPECT_TRUE(IsAddressInsideTenant("a@eu.mail.Contoso.com", kContoso));
}

TEST(InboxRule, Iso3LookalikeSuffixIsOutside) {
  EXPECT_FALSE(IsAddressInsideTenant("a@evilcontoso.com", kContoso));
  EXPECT_FALSE(IsAddressInsideTenant("a@contoso.com.evil.example", kContoso));
  EXPECT_FALSE(IsAddressInsideTenant("a@contoso.co", kContoso));
}

TEST(InboxRule, Iso3ParentOfTenantDomainIsOutside) {
  EXPECT_FALSE(IsAddressInsideTenant("a@com", kContoso));
  EXPECT_FALSE(
      IsAddressInsideTenant("a@onmicrosoft.com", {"contoso.onmicrosoft.com"}));
  EXPECT_FALSE(IsAddressInsideTenant("a@evil.onmicrosoft.com",
                                     {"contoso.onmicrosoft.com"}));
}

TEST(InboxRule, Iso3AddressWithoutAtSignCountsAsOutside) {
  EXPECT_FALSE(IsAddressInsideTenant("contoso.com", kContoso));
  EXPECT_FALSE(IsAddressInsideTenant("", kContoso));
  EXPECT_TRUE(
      ClassifyInboxRule(Rule(ForwardTo("contoso.com")), kContoso, kNoneNamed)
          .Has(RuleSuspicionReason::kForwardsOutsideTenant));
}

TEST(InboxRule, Iso3AddressWithEmptyDomainCountsAsOutside) {
  EXPECT_FALSE(IsAddressInsideTenant("user@", kContoso));
  EXPECT_FALSE(IsAddressInsideTenant("user@ ", kContoso));
}

TEST(InboxRule, Iso3DomainIsWhatFollowsTheLastAtSign) {
  EXPECT_FALSE(
      IsAddressInsideTenant("\"a@contoso.com\"@evil.example", kContoso));
  EXPECT_TRUE(
      IsAddressInsideTenant("\"x@evil.example\"@contoso.com", kContoso));
}

TEST(InboxRule, Iso3TrailingDotAndSpacesDoNotChangeTheDomain) {
  EXPECT_TRUE(IsAddressInsideTenant("a@contoso.com.", kContoso));
  EXPECT_TRUE(IsAddressInsideTenant("a@contoso.com ", {" contoso.com. "}));
}

TEST(InboxRule, Iso3EmptyDomainListMakesEveryRecipientOutside) {
  const std::vector<std::string> none;
  EXPECT_FALSE(IsAddressInsideTenant("a@contoso.com", none));
  EXPECT_TRUE(
      ClassifyInboxRule(Rule(ForwardTo("a@contoso.com")), none, kNoneNamed)
          .Has(RuleSuspicionReason::kForwardsOutsideTenant));
}

TEST(InboxRule, Iso3EmptyTenantDomainEntryMatchesNothing) {
  EXPECT_FALSE(IsAddressInsideTenant("a@evil.example.", {""}));
  EXPECT_FALSE(IsAddressInsideTenant("a@evil.example", {"", "."}));
}

TEST(InboxRule, Iso3MarkReadAndMoveToHidingFolderHidesMail) {
  for (WellKnownFolder folder :
       {WellKnownFolder::kDeletedItems, WellKnownFolder::kRssFeeds,
        WellKnownFolder::kArchive}) {
    InboxRuleActions actions;
    actions.mark_as_read = true;
    actions.move_to_folder = folder;
    EXPECT_THAT(
        ClassifyInboxRule(Rule(actions), kContoso, kNoneNamed).Reasons(),
        ElementsAre(RuleSuspicionReason::kHidesMail))
        << static_cast<int>(folder);
  }
}

TEST(InboxRule, Iso3MoveWithoutMarkReadDoesNotHideMail) {
  InboxRuleActions actions;
  actions.move_to_folder = WellKnownFolder::kRssFeeds;
  EXPECT_FALSE(
      ClassifyInboxRule(Rule(actions), kContoso, kNoneNamed).IsSuspicious());
}

TEST(InboxRule, Iso3MarkReadAndMoveElsewhereDoesNotHideMail) {
  for (WellKnownFolder folder : {WellKnownFolder::kNone, WellKnownFolder::kJunk,
                                 WellKnownFolder::kOther}) {
    InboxRuleActions actions;
    actions.mark_as_read = true;
    actions.move_to_folder = folder;
    EXPECT_FALSE(
        ClassifyInboxRule(Rule(actions), kContoso, kNoneNamed).IsSuspicious())
        << static_cast<int>(folder);
  }
}

TEST(InboxRule, Iso3DeleteOrPermanentDeleteDeletesMail) {
  InboxRuleActions soft;
  soft.delete_message = true;
  InboxRuleActions hard;
  hard.permanent_delete = true;
  EXPECT_THAT(ClassifyInboxRule(Rule(soft), kContoso, kNoneNamed).Reasons(),
              ElementsAre(RuleSuspicionReason::kDeletesMail));
  EXPECT_THAT(ClassifyInboxRule(Rule(hard), kContoso, kNoneNamed).Reasons(),
              ElementsAre(RuleSuspicionReason::kDeletesMail));
}

TEST(InboxRule, Iso3EveryReasonIsReportedInStableOrder) {
  InboxRuleActions actions;
  actions.forward_to = {"x@evil.example"};
  actions.redirect_to = {"y@evil.example"};
  actions.mark_as_read = true;
  actions.move_to_folder = WellKnownFolder::kArchive;
  actions.permanent_delete = true;
  const InboxRule rule = Rule(actions);
  const RuleSuspicion suspicion = ClassifyInboxRule(rule, kContoso, {rule.id});
  EXPECT_THAT(suspicion.Reasons(),
              ElementsAre(RuleSuspicionReason::kNamedInReport,
                          RuleSuspicionReason::kForwardsOutsideTenant,
                          RuleSuspicionReason::kRedirectsOutsideTenant,
                          RuleSuspicionReason::kHidesMail,
                          RuleSuspicionReason::kDeletesMail));
  EXPECT_EQ(suspicion.ToString(),
            "NAMED_IN_REPORT,FORWARDS_OUTSIDE_TENANT,REDIRECTS_OUTSIDE_TENANT,"
            "HIDES_MAIL,DELETES_MAIL");
}

TEST(InboxRule, Iso3DisabledRulesAreClassifiedToo) {
  InboxRule rule = Rule(ForwardTo("x@evil.example"));
  rule.is_enabled = false;
  EXPECT_TRUE(ClassifyInboxRule(rule, kContoso, kNoneNamed).IsSuspicious());
}

TEST(InboxRule, ReasonNamesAreStable) {
  EXPECT_EQ(ReasonName(RuleSuspicionReason::kNamedInReport), "NAMED_IN_REPORT");
  EXPECT_EQ(ReasonName(RuleSuspicionReason::kForwardsOutsideTenant),
            "FORWARDS_OUTSIDE_TENANT");
  EXPECT_EQ(ReasonName(RuleSuspicionReason::kRedirectsOutsideTenant),
            "REDIRECTS_OUTSIDE_TENANT");
  EXPECT_EQ(ReasonName(RuleSuspicionReason::kHidesMail), "HIDES_MAIL");
  EXPECT_EQ(ReasonName(RuleSuspicionReason::kDeletesMail), "DELETES_MAIL");
}

TEST(InboxRule, RuleSuspicionAddIsIdempotentAndComparable) {
  RuleSuspicion a;
  a.Add(RuleSuspicionReason::kHidesMail);
  a.Add(RuleSuspicionReason::kHidesMail);
  RuleSuspicion b;
  b.Add(RuleSuspicionReason::kHidesMail);
  EXPECT_EQ(a, b);
  EXPECT_THAT(a.Reasons(), ElementsAre(RuleSuspicionReason::kHidesMail));
  b.Add(RuleSuspicionReason::kDeletesMail);
  EXPECT_FALSE(a == b);
}

TEST(InboxRule, Iso3SuspiciousEnabledRuleIsDisabled) {
  const InboxRule rule = Rule(ForwardTo("x@evil.example"));
  EXPECT_EQ(DecideRuleDisposition(
                rule, ClassifyInboxRule(rule, kContoso, kNoneNamed)),
            RuleDisposition::kDisable);
}

TEST(InboxRule, Iso3HarmlessRuleIsLeftAlone) {
  const InboxRule rule = Rule(ForwardTo("a@contoso.com"));
  EXPECT_EQ(DecideRuleDisposition(
                rule, ClassifyInboxRule(rule, kContoso, kNoneNamed)),
            RuleDisposition::kLeaveAlone);
}

TEST(InboxRule, Iso3AlreadyDisabledRuleNeedsNoCall) {
  InboxRule rule = Rule(ForwardTo("x@evil.example"));
  rule.is_enabled = false;
  rule.is_read_only = true;
  EXPECT_EQ(DecideRuleDisposition(
                rule, ClassifyInboxRule(rule, kContoso, kNoneNamed)),
            RuleDisposition::kAlreadyDisabled);
}

TEST(InboxRule, Iso11ReadOnlySuspiciousRuleCannotBeDisabled) {
  InboxRule rule = Rule(ForwardTo("x@evil.example"));
  rule.is_read_only = true;
  EXPECT_EQ(DecideRuleDisposition(
                rule, ClassifyInboxRule(rule, kContoso, kNoneNamed)),
            RuleDisposition::kCannotDisableReadOnly);
}

TEST(InboxRule, ReadOnlyHarmlessRuleIsLeftAlone) {
  InboxRule rule = Rule({});
  rule.is_read_only = true;
  EXPECT_EQ(DecideRuleDisposition(rule, RuleSuspicion()),
            RuleDisposition::kLeaveAlone);
}

}  // namespace inbox_rule_test
}  // namespace cordon::core
