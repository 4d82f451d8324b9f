// ESC-5: "organization users cannot list, see or answer [escalations] at
// all (PERMISSION_DENIED, and nothing leaks)". Escalations of every type are
// raised in an organization user's own organization, notified, re-notified
// and answered in every way an admin can; everything that organization user
// can read is compared before and after, and searched for any trace of them.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/integration/login_test_fixture.h"

namespace cordon {
namespace escalation_visibility_test {

using v1::AccessRule;
using v1::Escalation;
using v1::EscalationAnswer;

constexpr grpc::StatusCode PD = grpc::StatusCode::PERMISSION_DENIED;

// What a caller got from each read it has: "<code> <message>\n<response>",
// keyed by the read.
using View = std::map<std::string, std::string>;

class EscalationVisibilityTest : public testing::LoginTestBase {
 protected:
  void SetUp() override {
    LoginTestBase::SetUp();
    org_user_ = UserToken(v1::ORGANIZATION_USER, account_, org_);
    admin_ = AdminToken();
    report_ = SentReport();
    // Whatever sending the report queued is done before anything is
    // compared, so a later difference can only come from escalations.
    RunWorker();
  }

  // A sent (not isolation-worthy) incident report about alice: something of
  // the organization that the organization user reads.
  std::string SentReport() {
    v1::CreateIncidentReportRequest create;
    create.set_parent(org_);
    v1::IncidentReport* report = create.mutable_incident_report();
    report->set_title("Phishing mail opened");
    report->set_severity(v1::HIGH);
    report->set_isolation_worthy(false);
    report->add_identities(alice_);
    v1::IncidentReport draft;
    grpc::Status status =
        api_.incidents().CreateIncidentReport(Soc().get(), create, &draft);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::SendIncidentReportRequest send;
    send.set_name(draft.name());
    v1::IncidentReport sent;
    status = api_.incidents().SendIncidentReport(Soc().get(), send, &sent);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return draft.name();
  }

  // Every read an organization user has, over its organization, the
  // identities and report in it, their rules, and the account around it
  // (the account-level reads are refused; their answers are compared too).
  // Without `rule_notes`, access rules are shown without their notes.
  View OrgUserView(bool rule_notes = true) {
    View view;
    PutAccountReads(&view);
    PutOrganizationReads(&view);
    PutRuleReads(rule_notes, &view);
    PutAuditReads(&view);
    return view;
  }

  // One read's answer in a View: its status code and message, and the
  // response.
  static void Put(View* view, const std::string& read,
                  const grpc::Status& status,
                  const google::protobuf::Message& response) {
    (*view)[read] =
        absl::StrCat(static_cast<int>(status.error_code()), " ",
                     status.error_message(), "\n", response.DebugString());
  }

  // The account-level reads (refused to an organization user).
  void PutAccountReads(View* view) {
    const auto ctx = [&] { return Ctx(org_user_); };
    {
      v1::GetAccountRequest r;
      r.set_name(account_);
      v1::Account out;
      Put(view, "GetAccount", api_.accounts().GetAccount(ctx().get(), r, &out),
          out);
    }
    {
      v1::ListAccountsResponse out;
      Put(view, "ListAccounts",
          api_.accounts().ListAccounts(ctx().get(), v1::ListAccountsRequest(),
                                       &out),
          out);
    }
    {
      v1::ListUsersRequest r;
      r.set_parent(account_);
      v1::ListUsersResponse out;
      Put(view, "ListUsers", api_.users().ListUsers(ctx().get(), r, &out), out);
    }
  }

  // The organization, its identities and their inbox rules, its reports.
  void PutOrganizationReads(View* view) {
    const auto ctx = [&] { return Ctx(org_user_); };
    {
      v1::GetOrganizationRequest r;
      r.set_name(org_);
      v1::Organization out;
      Put(view, "GetOrganization",
          api_.organizations().GetOrganization(ctx().get(), r, &out), out);
    }
    {
      v1::ListOrganizationsRequest r;
      r.set_parent(account_);
      v1::ListOrganizationsResponse out;
      Put(view, "ListOrganizations",
          api_.organizations().ListOrganizations(ctx().get(), r, &out), out);
    }
    {
      v1::ListIdentitiesRequest r;
      r.set_parent(org_);
      v1::ListIdentitiesResponse out;
      Put(view, "ListIdentities",
          api_.identities().ListIdentities(ctx().get(), r, &out), out);
    }
    for (const std::string& identity : {alice_, bob_}) {
      v1::GetIdentityRequest r;
      r.set_name(identity);
      v1::Identity out;
      Put(view, "GetIdentity " + identity,
          api_.identities().GetIdentity(ctx().get(), r, &out), out);
      v1::ListInboxRulesRequest rules;
      rules.set_parent(identity);
      v1::ListInboxRulesResponse inbox;
      Put(view, "ListInboxRules " + identity,
          api_.identities().ListInboxRules(ctx().get(), rules, &inbox), inbox);
    }
    {
      v1::ListIncidentReportsRequest r;
      r.set_parent(org_);
      v1::ListIncidentReportsResponse out;
      Put(view, "ListIncidentReports",
          api_.incidents().ListIncidentReports(ctx().get(), r, &out), out);
    }
    {
      v1::GetIncidentReportRequest r;
      r.set_name(report_);
      v1::IncidentReport out;
      Put(view, "GetIncidentReport",
          api_.incidents().GetIncidentReport(ctx().get(), r, &out), out);
    }
  }

  // The access rules at each scope; without `rule_notes`, without notes.
  void PutRuleReads(bool rule_notes, View* view) {
    const auto ctx = [&] { return Ctx(org_user_); };
    for (const std::string& scope : {account_, org_, alice_, bob_}) {
      v1::ListAccessRulesRequest r;
      r.set_parent(scope);
      v1::ListAccessRulesResponse out;
      const grpc::Status status =
          api_.access_rules().ListAccessRules(ctx().get(), r, &out);
      if (!rule_notes) {
        for (AccessRule& rule : *out.mutable_access_rules()) rule.clear_note();
      }
      Put(view, "ListAccessRules " + scope, status, out);
    }
  }

  // The audit trail: the account's, the organization's part of it, and the
  // provider-wide one.
  void PutAuditReads(View* view) {
    const auto ctx = [&] { return Ctx(org_user_); };
    for (const std::string& resource : {std::string(), org_}) {
      v1::ListAuditEventsRequest r;
      r.set_parent(account_);
      r.set_resource(resource);
      v1::ListAuditEventsResponse out;
      Put(view, "ListAuditEvents " + resource,
          api_.audit().ListAuditEvents(ctx().get(), r, &out), out);
    }
    {
      v1::ListAuditEventsResponse out;
      Put(view, "ListAuditEvents (provider)",
          api_.audit().ListAuditEvents(ctx().get(),
                                       v1::ListAuditEventsRequest(), &out),
          out);
    }
  }

  // The escalations of the account, as an admin lists them (all statuses).
  std::vector<Escalation> AllEscalations() {
    v1::ListEscalationsRequest r;
    r.set_parent(account_);
    r.set_page_size(1000);
    v1::ListEscalationsResponse out;
    grpc::Status status =
        api_.escalations().ListEscalations(Ctx(admin_).get(), r, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {out.escalations().begin(), out.escalations().end()};
  }

  // Every place in `view` that shows an escalation: its name, its question,
  // its subject key, or the word itself.
  static std::vector<std::string> Traces(
      const View& view, const std::vector<Escalation>& escalations) {
    std::vector<std::string> found;
    for (const auto& [read, text] : view) {
      const std::string lower = absl::AsciiStrToLower(text);
      if (absl::StrContains(lower, "escalation")) {
        found.push_back(absl::StrCat(read, ": says \"escalation\""));
      }
      for (const Escalation& e : escalations) {
        for (const std::string& mark : {e.name(), e.question(), e.subject()}) {
          if (!mark.empty() && absl::StrContains(text, mark)) {
            found.push_back(absl::StrCat(read, ": shows \"", mark, "\""));
          }
        }
      }
    }
    return found;
  }

  grpc::Status Answer(const std::string& token, const std::string& name,
                      const EscalationAnswer& answer) {
    v1::AnswerEscalationRequest r;
    r.set_name(name);
    *r.mutable_answer() = answer;
    Escalation out;
    return api_.escalations().AnswerEscalation(Ctx(token).get(), r, &out);
  }
  void MustAnswer(const std::string& name, const EscalationAnswer& answer) {
    grpc::Status status = Answer(admin_, name, answer);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
  }
  Escalation MustCreate(v1::EscalationType type, const std::string& question,
                        const std::string& subject = "") {
    v1::CreateEscalationRequest r;
    r.set_parent(account_);
    r.mutable_escalation()->set_type(type);
    r.mutable_escalation()->set_subject(subject);
    r.mutable_escalation()->set_organization(org_);
    r.mutable_escalation()->set_question(question);
    Escalation out;
    grpc::Status status =
        api_.escalations().CreateEscalation(Soc().get(), r, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }
  // The open login escalation about `subject` ("country:RU", "vpn:...").
  std::string OpenLogin(const std::string& subject) {
    for (const Escalation& e : OpenLoginEscalations()) {
      if (e.subject() == subject) return e.name();
    }
    ADD_FAILURE() << "no open login escalation about " << subject;
    return "";
  }
  static EscalationAnswer Decision(AccessRule::Determination determination,
                                   EscalationAnswer::Scope scope) {
    EscalationAnswer answer;
    answer.set_determination(determination);
    answer.set_scope(scope);
    return answer;
  }

  // The organization user's every escalation call is refused, for every
  // escalation of the account, with a message that names none.
  void ExpectEveryEscalationCallRefused(
      const std::vector<Escalation>& escalations) {
    v1::ListEscalationsRequest list;
    list.set_parent(account_);
    v1::ListEscalationsResponse listed;
    grpc::Status status =
        api_.escalations().ListEscalations(Ctx(org_user_).get(), list, &listed);
    EXPECT_EQ(status.error_code(), PD);
    EXPECT_EQ(listed.escalations_size(), 0);
    for (const Escalation& e : escalations) {
      v1::GetEscalationRequest get;
      get.set_name(e.name());
      Escalation out;
      status =
          api_.escalations().GetEscalation(Ctx(org_user_).get(), get, &out);
      EXPECT_EQ(status.error_code(), PD) << e.name();
      EXPECT_FALSE(absl::StrContains(status.error_message(), e.name()));
      EXPECT_EQ(out.name(), "");
      status = Answer(org_user_, e.name(), EscalationAnswer());
      EXPECT_EQ(status.error_code(), PD) << e.name();
      EXPECT_FALSE(absl::StrContains(status.error_message(), e.name()));
    }
  }

  // An organization-scope EXPECTED rule (for RU, alice and bob) and an
  // identity-scope UNAUTHORIZED one (for bob's VPN, which isolates him),
  // both made by answering login escalations (ESC-8).
  void AnswerWithRulesInTheOrganization() {
    MustRecord(Event(alice_, "RU"));
    MustRecord(Event(bob_, "RU"));
    MustRecord(Event(bob_, "NL", "NordVPN"));
    MustAnswer(OpenLogin("country:RU"),
               Decision(AccessRule::EXPECTED, EscalationAnswer::ORGANIZATION));
    MustAnswer(OpenLogin("vpn:nordvpn"),
               Decision(AccessRule::UNAUTHORIZED, EscalationAnswer::IDENTITY));
    RunWorker();
  }

  // The organization user reads its organization and what is in it; the
  // account-level reads and the audit trail are closed to it
  // (PERMISSION_DENIED is code 7).
  void ExpectOrgUserReadsOnlyItsOrganization(const View& view) {
    for (const std::string& read :
         {std::string("GetOrganization"), std::string("ListIdentities"),
          "GetIdentity " + alice_, std::string("GetIncidentReport"),
          std::string("ListIncidentReports"), "ListAccessRules " + org_,
          "ListAccessRules " + alice_}) {
      EXPECT_TRUE(absl::StartsWith(view.at(read), "0 ")) << view.at(read);
    }
    for (const std::string& read :
         {std::string("GetAccount"), std::string("ListAccounts"),
          std::string("ListUsers"), std::string("ListAuditEvents "),
          "ListAuditEvents " + org_,
          std::string("ListAuditEvents (provider)")}) {
      EXPECT_TRUE(absl::StartsWith(view.at(read), "7 ")) << view.at(read);
    }
  }

  // The escalations a person raises by hand, one per type that can be.
  struct RaisedByHand {
    Escalation host, m365, psa;
  };
  RaisedByHand RaiseOneOfEachByHand() {
    RaisedByHand raised;
    raised.host =
        MustCreate(v1::HOST_ISOLATION_ORG_WIDE, "Four endpoints isolated.");
    raised.m365 = MustCreate(v1::INTEGRATION_M365_INACCESSIBLE,
                             "Consent to the Cordon app was revoked.",
                             absl::StrCat("tenant:", testing::kLoginTenant));
    raised.psa = MustCreate(v1::INTEGRATION_PSA_DELIVERY_FAILED,
                            "The PSA refused the ticket.");
    MustCreate(v1::SYSTEM_HEALTH_DEFENDER_RTP_DISABLED,
               "Defender RTP is off on ws-7.");
    return raised;
  }

  // Every answer that leaves the organization's own resources alone.
  void AnswerAllWithoutTouchingTheOrganization(const RaisedByHand& raised) {
    MustAnswer(OpenLogin("country:RU"),
               Decision(AccessRule::EXPECTED, EscalationAnswer::ACCOUNT));
    MustAnswer(OpenLogin("vpn:nordvpn"), EscalationAnswer());  // dismiss
    EscalationAnswer acknowledge;
    acknowledge.set_acknowledge(true);
    MustAnswer(raised.host.name(), acknowledge);
    EscalationAnswer retry;
    retry.set_retry_access(true);
    MustAnswer(raised.m365.name(), retry);
    EscalationAnswer fixed;
    fixed.set_integration_fixed(true);
    MustAnswer(raised.psa.name(), fixed);
  }

  // Audit events about escalations, as the account admin reads them.
  int AuditEventsAboutEscalations() {
    v1::ListAuditEventsRequest audit;
    audit.set_parent(account_);
    audit.set_page_size(1000);
    v1::ListAuditEventsResponse events;
    EXPECT_TRUE(
        api_.audit().ListAuditEvents(Ctx(admin_).get(), audit, &events).ok());
    int about_escalations = 0;
    for (const v1::AuditEvent& event : events.audit_events()) {
      if (absl::StrContains(event.resource(), "/escalations/")) {
        ++about_escalations;
      }
    }
    return about_escalations;
  }

  std::string org_user_, admin_, report_;
};

// Raised, notified, re-notified when overdue, answered without touching the
// organization (dismiss, acknowledge, retry, integration fixed, an
// account-scope rule): the organization user reads exactly what it read
// before, to the byte, so no count it sees moves either.
TEST_F(EscalationVisibilityTest,
       Esc5OrganizationUserSeesNoTraceAndNoChangeOfItsOrganization) {
  const View before = OrgUserView();
  ExpectOrgUserReadsOnlyItsOrganization(before);

  // Login escalations from telemetry (ESC-2, ESC-7: bob joins alice's).
  MustRecord(Event(alice_, "RU"));
  MustRecord(Event(bob_, "RU"));
  MustRecord(Event(alice_, "NL", "NordVPN"));
  // And one of each type a person raises.
  const RaisedByHand raised = RaiseOneOfEachByHand();
  RunWorker();  // first notifications
  ASSERT_EQ(AllEscalations().size(), 6u);
  {
    const View raised = OrgUserView();
    EXPECT_EQ(raised, before);
    EXPECT_EQ(Traces(raised, AllEscalations()), std::vector<std::string>{});
  }

  // Past every due time (LOW is 7 days): overdue and re-notified (ESC-1).
  server_.clock().Advance(absl::Hours(24 * 8));
  RunWorker();
  for (const Escalation& e : AllEscalations()) {
    EXPECT_EQ(e.status(), Escalation::OVERDUE) << e.name();
    EXPECT_GT(e.notifications_size(), 1) << e.name();
  }
  const View overdue = OrgUserView();
  EXPECT_EQ(overdue, before);
  EXPECT_EQ(Traces(overdue, AllEscalations()), std::vector<std::string>{});

  AnswerAllWithoutTouchingTheOrganization(raised);
  RunWorker();

  const std::vector<Escalation> escalations = AllEscalations();
  ASSERT_EQ(escalations.size(), 6u);
  const View answered = OrgUserView();
  EXPECT_EQ(answered, before);
  EXPECT_EQ(Traces(answered, escalations), std::vector<std::string>{});
  ExpectEveryEscalationCallRefused(escalations);
  EXPECT_EQ(OrgUserView(), before);  // refused calls changed nothing it sees

  // The trail the organization user cannot read does hold them: what was
  // hidden is there for the account's users.
  EXPECT_GE(AuditEventsAboutEscalations(), 6);
}

// Answers that do act on the organization (an organization-scope rule, an
// identity rule that isolates): the organization user sees those rules and
// the isolation, as it sees any admin's, but nothing it reads names the
// escalation that led to them.
// (The rules' notes are checked on their own, below.)
TEST_F(EscalationVisibilityTest,
       Esc5RulesAndIsolationsFromAnswersDoNotNameTheEscalation) {
  AnswerWithRulesInTheOrganization();
  const View view = OrgUserView(/*rule_notes=*/false);
  // The effects are there...
  EXPECT_TRUE(
      absl::StrContains(view.at("ListAccessRules " + org_), "country: \"RU\""));
  EXPECT_TRUE(
      absl::StrContains(view.at("ListAccessRules " + bob_), "UNAUTHORIZED"));
  EXPECT_TRUE(absl::StrContains(view.at("GetIdentity " + bob_), "ISOLATED"));
  // ...and no trace of where they came from.
  const std::vector<Escalation> escalations = AllEscalations();
  ASSERT_EQ(escalations.size(), 2u);
  EXPECT_EQ(Traces(view, escalations), std::vector<std::string>{});
  ExpectEveryEscalationCallRefused(escalations);
}

TEST_F(EscalationVisibilityTest,
       Esc5NotesOfRulesFromAnswersDoNotNameTheEscalation) {
  AnswerWithRulesInTheOrganization();
  const std::vector<Escalation> escalations = AllEscalations();
  ASSERT_EQ(escalations.size(), 2u);
  View notes;
  for (const auto& [read, text] : OrgUserView()) {
    if (absl::StartsWith(read, "ListAccessRules ")) notes[read] = text;
  }
  // The rule an answer creates must not name the escalation in its note
  // (organization users read organization- and identity-scope rules).
  const std::vector<std::string> traces = Traces(notes, escalations);
  EXPECT_EQ(traces, std::vector<std::string>{});
}

}  // namespace escalation_visibility_test
}  // namespace cordon
