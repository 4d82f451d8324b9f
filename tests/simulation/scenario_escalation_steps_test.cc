// The scenario language's escalation steps and expectations
// (docs/simulator.md): what they do to Cordon, and that an expectation that
// does not hold says so with the actual value.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simulator/scenario_parse.h"
#include "simulator/scenario_report.h"
#include "simulator/scenario_runner.h"

namespace cordon::sim {
namespace scenario_escalation_steps_test {

using ::testing::HasSubstr;

// One account with an admin and one organization with one identity; the
// steps are appended.
ScenarioReport RunWithSteps(const std::string& steps) {
  const std::string text =
      R"pb(
        world {
          tenants {
            alias: "t"
            tenant_id: "6f1c2d3e-4a5b-4c7d-8e9f-0a1b2c3d4e5f"
            verified_domains: "t.example"
            users { upn: "a@t.example" usage_location: "NL" }
          }
        }
        cordon {
          users { email: "ada@msp.example" }
          organizations { alias: "o" tenant: "t" }
          identities { alias: "a" organization: "o" upn: "a@t.example" }
        }
      )pb" +
      steps;
  auto scenario = ParseScenario(text);
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  if (!scenario.ok()) return {};
  return RunScenario(*scenario, 1);
}

std::string Failures(const ScenarioReport& report) {
  std::string out;
  for (const StepResult& step : report.steps) {
    if (!step.ok)
      out += "step " + step.description + ": " + step.message + "\n";
  }
  for (const ExpectationResult& result : report.expectations) {
    if (!result.met) out += result.what + ": " + result.message + "\n";
  }
  for (const InvariantViolation& violation : report.invariant_violations) {
    out += "invariant: " + violation.message + "\n";
  }
  return out;
}

TEST(ScenarioEscalationStepsTest, AnUnmetEscalationExpectationShowsWhatIs) {
  const ScenarioReport report = RunWithSteps(R"pb(
    steps { record_sign_in { identity: "a" country: "RU" } }
    steps { run_until_idle {} }
    steps {
      expect {
        escalations {
          type: LOGIN_UNEXPECTED_COUNTRY
          rounds_delivered: [ 0, 1 ]
        }
        escalations { type: LOGIN_UNEXPECTED_VPN severity: LOW }
        mail { to: "ada@msp.example" exactly: 3 }
      }
    }
  )pb");
  EXPECT_EQ(report.expectations_failed(), 3) << Failures(report);
  EXPECT_THAT(Failures(report), HasSubstr("expected [0, 1], got [0]"));
  EXPECT_THAT(Failures(report), HasSubstr("no escalation matches"));
  EXPECT_THAT(Failures(report), HasSubstr("expected exactly 3, got 1"));
  EXPECT_TRUE(report.invariant_violations.empty()) << Failures(report);
}

TEST(ScenarioEscalationStepsTest, ChannelIsFixedAtTheFirstNotification) {
  // ESC-3: connecting a PSA later sends the next login escalation there;
  // the one already e-mailed stays on e-mail, even when it is re-notified.
  const ScenarioReport report = RunWithSteps(R"pb(
    steps { record_sign_in { identity: "a" country: "RU" } }
    steps { run_until_idle {} }
    steps { connect_psa { kind: HALOPSA board: "Alerts" } }
    steps {
      record_sign_in { identity: "a" country: "NL" vpn_provider: "Mullvad" }
    }
    steps { at: "169h" }
    steps {
      expect {
        escalations {
          type: LOGIN_UNEXPECTED_COUNTRY
          count: 1
          delivery_channel: EMAIL
          rounds_delivered: [ 0, 1 ]
          delivered_to_psa: 0
        }
        escalations {
          type: LOGIN_UNEXPECTED_VPN
          subject: "vpn:mullvad"
          count: 1
          delivery_channel: PSA
          rounds_delivered: [ 0, 1 ]
          delivered_by_email: 0
        }
        mail { exactly: 2 }
        psa_tickets { exactly: 1 notes: 1 }
      }
    }
  )pb");
  EXPECT_TRUE(report.ok()) << Failures(report);
  EXPECT_GE(report.expectations.size(), 4u);
}

TEST(ScenarioEscalationStepsTest, ReNotificationSurvivesACrash) {
  const ScenarioReport report = RunWithSteps(R"pb(
    steps {
      record_endpoint_status {
        organization: "o"
        endpoint_id: "e1"
        isolated: true
        rtp_enabled: true
      }
    }
    steps {
      record_endpoint_status {
        organization: "o"
        endpoint_id: "e2"
        isolated: true
        rtp_enabled: true
      }
    }
    steps { crash_and_restart {} }
    steps { at: "25h" }
    steps { crash_and_restart {} }
    steps { at: "37h" }
    steps {
      expect {
        escalations {
          type: HOST_ISOLATION_ORG_WIDE
          status: OVERDUE
          count: 1
          rounds_delivered: [ 0, 1, 2, 3 ]
          delivered_by_email: 4
        }
      }
    }
    steps {
      answer_escalation { type: HOST_ISOLATION_ORG_WIDE acknowledge: true }
    }
    steps { at: "100h" }
    steps {
      expect {
        escalations {
          type: HOST_ISOLATION_ORG_WIDE
          status: RESOLVED
          resolution: ANSWERED
          count: 1
          answered: true
          rounds_delivered: [ 0, 1, 2, 3 ]
        }
      }
    }
  )pb");
  EXPECT_TRUE(report.ok()) << Failures(report);
  EXPECT_GE(report.expectations.size(), 4u);
}

TEST(ScenarioEscalationStepsTest, AnAmbiguousAnswerIsAScenarioError) {
  const ScenarioReport report = RunWithSteps(R"pb(
    steps { record_sign_in { identity: "a" country: "RU" } }
    steps { record_sign_in { identity: "a" country: "BR" } }
    steps { answer_escalation { type: LOGIN_UNEXPECTED_COUNTRY dismiss: true } }
  )pb");
  ASSERT_EQ(report.steps.size(), 3u);
  EXPECT_FALSE(report.steps[2].ok);
  EXPECT_THAT(report.steps[2].message, HasSubstr("2 open escalations match"));
}

TEST(ScenarioEscalationStepsTest, AnswersPickBySubjectOrIndex) {
  const ScenarioReport report = RunWithSteps(R"pb(
    steps { record_sign_in { identity: "a" country: "RU" } }
    steps { record_sign_in { identity: "a" country: "BR" } }
    steps {
      answer_escalation {
        subject: "country:BR"
        determination: UNAUTHORIZED
        scope: IDENTITY
      }
    }
    steps {
      answer_escalation {
        type: LOGIN_UNEXPECTED_COUNTRY
        index: 0
        dismiss: true
      }
    }
    steps {
      label: "answering twice is refused"
      expect_code: "FAILED_PRECONDITION"
      answer_escalation { index: 0 dismiss: true }
    }
    steps {
      label: "one answer at a time"
      answer_escalation { index: 1 dismiss: true acknowledge: true }
    }
  )pb");
  ASSERT_EQ(report.steps.size(), 6u) << Failures(report);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(report.steps[i].ok) << i;
  EXPECT_FALSE(report.steps[5].ok);
  EXPECT_THAT(report.steps[5].message, HasSubstr("give one answer"));
}

TEST(ScenarioEscalationStepsTest, UnauthorizedAnswerIsolatesAndRulesResolve) {
  // ESC-8 UNAUTHORIZED isolates the listed identity; ESC-4 an EXPECTED VPN
  // rule at organization scope resolves the VPN escalation.
  const ScenarioReport report = RunWithSteps(R"pb(
    steps { record_sign_in { identity: "a" country: "RU" } }
    steps {
      record_sign_in { identity: "a" country: "NL" vpn_provider: "NordVPN" }
    }
    steps {
      answer_escalation {
        subject: "country:RU"
        determination: UNAUTHORIZED
        scope: ORGANIZATION
      }
    }
    steps {
      create_access_rule {
        organization: "o"
        vpn_provider: "nordvpn"
        determination: EXPECTED
      }
    }
    steps { settle {} }
    steps {
      expect {
        identities {
          identity: "a"
          isolation_state: ISOLATED
          cloud_enabled: false
        }
        escalations { status: RESOLVED resolution: RULE count: 2 }
        escalations { status: OPEN count: 0 }
      }
    }
  )pb");
  EXPECT_TRUE(report.ok()) << Failures(report);
  EXPECT_GE(report.expectations.size(), 4u);
}

}  // namespace scenario_escalation_steps_test
}  // namespace cordon::sim
