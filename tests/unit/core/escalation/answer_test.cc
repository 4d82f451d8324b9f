#include "server/core/escalation/answer.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/errors.h"

namespace cordon::core {
namespace answer_test {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kAccount[] = "accounts/1";
constexpr char kOrg[] = "accounts/1/organizations/2";
constexpr char kAlice[] = "accounts/1/organizations/2/identities/5";
constexpr char kBob[] = "accounts/1/organizations/2/identities/6";

AnsweredEscalation CountryEscalation() {
  AnsweredEscalation e;
  e.type = EscalationType::kLoginUnexpectedCountry;
  e.account_id = kAccount;
  e.login_subject = LoginSubject{kOrg, LoginSubjectKind::kCountry, "NL"};
  e.identity_ids = {kBob, kAlice, kBob};
  return e;
}

AnsweredEscalation OfType(EscalationType type) {
  AnsweredEscalation e;
  e.type = type;
  e.account_id = kAccount;
  return e;
}

EscalationAnswer Decision(Determination d, RuleScope scope) {
  EscalationAnswer answer;
  answer.kind = AnswerKind::kLoginDecision;
  answer.determination = d;
  answer.scope = scope;
  return answer;
}

EscalationAnswer Kind(AnswerKind kind) {
  EscalationAnswer answer;
  answer.kind = kind;
  return answer;
}

TEST(Answer, Esc8ExpectedAccountScopeCreatesOneAccountRule) {
  EscalationAnswer answer =
      Decision(Determination::kExpected, RuleScope::kAccount);
  answer.note = "team offsite";
  absl::StatusOr<AnswerEffect> effect = PlanAnswer(CountryEscalation(), answer);
  ASSERT_TRUE(effect.ok()) << effect.status();
  ASSERT_EQ(effect->rules_to_create.size(), 1u);
  const AccessRule& rule = effect->rules_to_create[0];
  EXPECT_EQ(rule.target, RuleTarget::kCountry);
  EXPECT_EQ(rule.value, "NL");
  EXPECT_EQ(rule.determination, Determination::kExpected);
  EXPECT_EQ(rule.scope, RuleScope::kAccount);
  EXPECT_EQ(rule.scope_id, kAccount);
  EXPECT_EQ(rule.note, "team offsite");
  EXPECT_FALSE(rule.starts.has_value());
  EXPECT_FALSE(rule.expires.has_value());
  EXPECT_THAT(effect->identities_to_isolate, IsEmpty());
  EXPECT_EQ(effect->resolve_now, Resolution::kRule);
}

TEST(Answer, Esc8OrganizationScopeRuleIsForTheEscalationsOrganization) {
  absl::StatusOr<AnswerEffect> effect =
      PlanAnswer(CountryEscalation(),
                 Decision(Determination::kExpected, RuleScope::kOrganization));
  ASSERT_TRUE(effect.ok());
  ASSERT_EQ(effect->rules_to_create.size(), 1u);
  EXPECT_EQ(effect->rules_to_create[0].scope_id, kOrg);
}

TEST(Answer, Esc8IdentityScopeCreatesOneRulePerListedIdentity) {
  absl::StatusOr<AnswerEffect> effect =
      PlanAnswer(CountryEscalation(),
                 Decision(Determination::kExpected, RuleScope::kIdentity));
  ASSERT_TRUE(effect.ok());
  ASSERT_EQ(effect->rules_to_create.size(), 2u);
  EXPECT_EQ(effect->rules_to_create[0].scope_id, kAlice);
  EXPECT_EQ(effect->rules_to_create[1].scope_id, kBob);
  for (const AccessRule& rule : effect->rules_to_create) {
    EXPECT_EQ(rule.scope, RuleScope::kIdentity);
  }
}

TEST(Answer, Esc8CreatedRulesCoverTheAnsweredEscalation) {
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  for (RuleScope scope :
       {RuleScope::kIdentity, RuleScope::kOrganization, RuleScope::kAccount}) {
    const AnsweredEscalation escalation = CountryEscalation();
    absl::StatusOr<AnswerEffect> effect =
        PlanAnswer(escalation, Decision(Determination::kExpected, scope));
    ASSERT_TRUE(effect.ok());
    EXPECT_TRUE(
        RulesCover(effect->rules_to_create,
                   LoginEscalationSubject{kAccount, *escalation.login_subject,
                                          escalation.identity_ids},
                   now))
        << RuleScopeName(scope);
  }
}

TEST(Answer, Esc8UnauthorizedIsolatesEveryListedIdentity) {
  absl::StatusOr<AnswerEffect> effect = PlanAnswer(
      CountryEscalation(),
      Decision(Determination::kUnauthorized, RuleScope::kOrganization));
  ASSERT_TRUE(effect.ok());
  EXPECT_THAT(effect->identities_to_isolate, ElementsAre(kAlice, kBob));
  ASSERT_EQ(effect->rules_to_create.size(), 1u);
  EXPECT_EQ(effect->rules_to_create[0].determination,
            Determination::kUnauthorized);
  EXPECT_EQ(effect->resolve_now, Resolution::kRule);
}

TEST(Answer, Esc8VpnEscalationCreatesAVpnRule) {
  AnsweredEscalation e = OfType(EscalationType::kLoginUnexpectedVpn);
  e.login_subject = LoginSubject{kOrg, LoginSubjectKind::kVpn, "nordvpn"};
  e.identity_ids = {kAlice};
  absl::StatusOr<AnswerEffect> effect =
      PlanAnswer(e, Decision(Determination::kExpected, RuleScope::kAccount));
  ASSERT_TRUE(effect.ok());
  ASSERT_EQ(effect->rules_to_create.size(), 1u);
  EXPECT_EQ(effect->rules_to_create[0].target, RuleTarget::kVpnProvider);
  EXPECT_EQ(effect->rules_to_create[0].value, "nordvpn");
}

TEST(Answer, Esc8NeitherDismisses) {
  absl::StatusOr<AnswerEffect> effect =
      PlanAnswer(CountryEscalation(), Kind(AnswerKind::kDismiss));
  ASSERT_TRUE(effect.ok());
  EXPECT_EQ(effect->resolve_now, Resolution::kDismissed);
  EXPECT_THAT(effect->rules_to_create, IsEmpty());
  EXPECT_THAT(effect->identities_to_isolate, IsEmpty());
}

TEST(Answer, Esc8DeterminationWithoutScopeNamesTheScope) {
  EscalationAnswer answer = Kind(AnswerKind::kLoginDecision);
  answer.determination = Determination::kExpected;
  const absl::Status status = PlanAnswer(CountryEscalation(), answer).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(status), kAnswerScopeField);
}

TEST(Answer, Esc8ScopeWithoutDeterminationNamesTheDetermination) {
  EscalationAnswer answer = Kind(AnswerKind::kLoginDecision);
  answer.scope = RuleScope::kAccount;
  EXPECT_EQ(FieldOf(PlanAnswer(CountryEscalation(), answer).status()),
            kAnswerDeterminationField);
}

TEST(Answer, Esc8OtherKindsTakeNoDeterminationOrScope) {
  EscalationAnswer answer = Kind(AnswerKind::kDismiss);
  answer.determination = Determination::kExpected;
  EXPECT_EQ(FieldOf(PlanAnswer(CountryEscalation(), answer).status()),
            kAnswerDeterminationField);
  answer = Kind(AnswerKind::kAcknowledge);
  answer.scope = RuleScope::kAccount;
  EXPECT_EQ(
      FieldOf(PlanAnswer(OfType(EscalationType::kHostIsolationOrgWide), answer)
                  .status()),
      kAnswerScopeField);
}

TEST(Answer, Esc8IdentityScopeNeedsAListedIdentity) {
  AnsweredEscalation e = CountryEscalation();
  e.identity_ids.clear();
  EXPECT_EQ(FieldOf(PlanAnswer(e, Decision(Determination::kExpected,
                                           RuleScope::kIdentity))
                        .status()),
            kAnswerScopeField);
}

TEST(Answer, Esc8PsaIntegrationFixedRetriesAndResolvesOnSuccess) {
  absl::StatusOr<AnswerEffect> effect =
      PlanAnswer(OfType(EscalationType::kIntegrationPsaDeliveryFailed),
                 Kind(AnswerKind::kIntegrationFixed));
  ASSERT_TRUE(effect.ok());
  EXPECT_TRUE(effect->retry_pending_deliveries);
  EXPECT_FALSE(effect->resolve_now.has_value());
  EXPECT_EQ(effect->resolve_on_success, Resolution::kAnswered);
}

TEST(Answer, Esc8M365RetryRetestsAccessAndResolvesOnSuccess) {
  absl::StatusOr<AnswerEffect> effect =
      PlanAnswer(OfType(EscalationType::kIntegrationM365Inaccessible),
                 Kind(AnswerKind::kRetryAccess));
  ASSERT_TRUE(effect.ok());
  EXPECT_TRUE(effect->retest_access);
  EXPECT_FALSE(effect->resolve_now.has_value());
  EXPECT_EQ(effect->resolve_on_success, Resolution::kAnswered);
}

TEST(Answer, Esc8HostIsolationIsAcknowledged) {
  absl::StatusOr<AnswerEffect> effect =
      PlanAnswer(OfType(EscalationType::kHostIsolationOrgWide),
                 Kind(AnswerKind::kAcknowledge));
  ASSERT_TRUE(effect.ok());
  EXPECT_EQ(effect->resolve_now, Resolution::kAnswered);
}

TEST(Answer, Esc8RtpTakesNoAnswer) {
  EXPECT_THAT(AllowedAnswers(EscalationType::kSystemHealthDefenderRtpDisabled),
              IsEmpty());
  for (AnswerKind kind :
       {AnswerKind::kAcknowledge, AnswerKind::kDismiss,
        AnswerKind::kIntegrationFixed, AnswerKind::kRetryAccess}) {
    const absl::Status status =
        PlanAnswer(OfType(EscalationType::kSystemHealthDefenderRtpDisabled),
                   Kind(kind))
            .status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(FieldOf(status), kAnswerKindField);
    EXPECT_EQ(ReasonOf(status), "ANSWER_NOT_ALLOWED");
  }
}

TEST(Answer, Esc8AnswerKindNotAllowedForTheTypeNamesTheKind) {
  struct Case {
    EscalationType type;
    AnswerKind kind;
  };
  for (const Case& c : std::vector<Case>{
           {EscalationType::kLoginUnexpectedCountry, AnswerKind::kAcknowledge},
           {EscalationType::kLoginUnexpectedVpn, AnswerKind::kIntegrationFixed},
           {EscalationType::kIntegrationPsaDeliveryFailed,
            AnswerKind::kDismiss},
           {EscalationType::kIntegrationPsaDeliveryFailed,
            AnswerKind::kRetryAccess},
           {EscalationType::kIntegrationM365Inaccessible,
            AnswerKind::kAcknowledge},
           {EscalationType::kHostIsolationOrgWide, AnswerKind::kDismiss},
       }) {
    AnsweredEscalation e = OfType(c.type);
    const absl::Status status = PlanAnswer(e, Kind(c.kind)).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument)
        << EscalationTypeName(c.type) << " " << AnswerKindName(c.kind);
    EXPECT_EQ(FieldOf(status), kAnswerKindField);
  }
  // A login decision on a non-login type.
  EXPECT_EQ(FieldOf(PlanAnswer(
                        OfType(EscalationType::kHostIsolationOrgWide),
                        Decision(Determination::kExpected, RuleScope::kAccount))
                        .status()),
            kAnswerKindField);
}

TEST(Answer, Esc8AnsweringAResolvedEscalationIsFailedPrecondition) {
  AnsweredEscalation login = CountryEscalation();
  login.resolved = true;
  const absl::Status status =
      PlanAnswer(login, Decision(Determination::kExpected, RuleScope::kAccount))
          .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), "ESCALATION_RESOLVED");
  EXPECT_EQ(PlanAnswer(login, Kind(AnswerKind::kDismiss)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  AnsweredEscalation psa =
      OfType(EscalationType::kIntegrationPsaDeliveryFailed);
  psa.resolved = true;
  EXPECT_EQ(
      PlanAnswer(psa, Kind(AnswerKind::kIntegrationFixed)).status().code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(Answer, Esc8MalformedAnswerIsReportedBeforeTheResolvedState) {
  AnsweredEscalation login = CountryEscalation();
  login.resolved = true;
  EXPECT_EQ(PlanAnswer(login, Kind(AnswerKind::kAcknowledge)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Answer, Esc8AllowedAnswersPerType) {
  EXPECT_THAT(AllowedAnswers(EscalationType::kLoginUnexpectedCountry),
              ElementsAre(AnswerKind::kLoginDecision, AnswerKind::kDismiss));
  EXPECT_THAT(AllowedAnswers(EscalationType::kLoginUnexpectedVpn),
              ElementsAre(AnswerKind::kLoginDecision, AnswerKind::kDismiss));
  EXPECT_THAT(AllowedAnswers(EscalationType::kIntegrationPsaDeliveryFailed),
              ElementsAre(AnswerKind::kIntegrationFixed));
  EXPECT_THAT(AllowedAnswers(EscalationType::kIntegrationM365Inaccessible),
              ElementsAre(AnswerKind::kRetryAccess));
  EXPECT_THAT(AllowedAnswers(EscalationType::kHostIsolationOrgWide),
              ElementsAre(AnswerKind::kAcknowledge));
  EXPECT_EQ(AnswerKindName(AnswerKind::kIntegrationFixed), "INTEGRATION_FIXED");
}

}  // namespace answer_test
}  // namespace cordon::core
