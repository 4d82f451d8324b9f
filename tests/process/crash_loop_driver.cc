#include "tests/process/crash_loop_driver.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "google/protobuf/util/time_util.h"

namespace cordon::process_testing::crash_loop {
namespace {

using google::protobuf::util::MessageDifferencer;
using google::protobuf::util::TimeUtil;

// Sign-in countries: none is the tenant users' usage location (US), so each
// is unexpected (ESC-2 LOGIN_UNEXPECTED_COUNTRY) until answered.
constexpr const char* kCountries[] = {"NL", "DE", "FR", "BR", "JP", "KE"};

// The write kinds and their weights in the mix.
enum Kind {
  kOrganization,
  kIdentity,
  kReport,
  kSend,
  kResolve,
  kSignIn,
  kAnswer,
  kKinds
};
constexpr int kWeights[kKinds] = {10, 10, 15, 15, 10, 30, 10};
constexpr int kUsersAtStart = 8;

bool Equal(const google::protobuf::Message& a,
           const google::protobuf::Message& b) {
  return MessageDifferencer::Equals(a, b);
}

bool SameReport(const v1::IncidentReport& created,
                const v1::IncidentReport& read) {
  return read.name() == created.name() && read.title() == created.title() &&
         std::equal(read.identities().begin(), read.identities().end(),
                    created.identities().begin(), created.identities().end()) &&
         Equal(read.create_time(), created.create_time());
}

bool NotifiedEveryone(const v1::Escalation& escalation) {
  if (escalation.notifications_size() == 0) return false;
  for (const v1::EscalationNotification& entry : escalation.notifications()) {
    if (entry.outcome() != v1::EscalationNotification::DELIVERED) return false;
  }
  return true;
}

}  // namespace

Driver::Driver(History* history, uint64_t seed)
    : history_(history), random_(seed) {}

int Driver::UsersFor(int kills) { return kUsersAtStart + kills / 2; }

void Driver::StartEpoch(int kill) {
  users_available_ = std::min<size_t>(history_->users.size(), UsersFor(kill));
}

grpc::Status Driver::Step(Client& client) {
  Op* const op = Next(client);
  last_ = op->what();
  return op->Issue(client);
}

Op* Driver::Next(Client& client) {
  std::discrete_distribution<int> pick(std::begin(kWeights),
                                       std::end(kWeights));
  Op* op = nullptr;
  switch (pick(random_)) {
    case kOrganization:
      op = NewOrganization();
      break;
    case kIdentity:
      op = NewIdentity();
      break;
    case kReport:
      op = NewReport();
      break;
    case kSend:
      op = NewSend();
      break;
    case kResolve:
      op = NewResolve();
      break;
    case kAnswer:
      op = NewAnswer(client);
      break;
    default:
      break;
  }
  // A kind with nothing to act on gives way to a sign-in.
  return op != nullptr ? op : NewSignIn();
}

Op* Driver::NewOrganization() {
  const int n = ++serial_;
  v1::CreateOrganizationRequest request;
  request.set_parent(history_->account);
  request.mutable_organization()->set_display_name(
      absl::StrCat("Crash loop customer ", n));
  request.set_request_id(absl::StrCat("crash-organization-", n));
  auto* op = history_->Add(std::make_unique<OrganizationOp>(
      absl::StrCat("create organization ", n), std::move(request), Equal));
  history_->organizations.push_back(op);
  return op;
}

Op* Driver::NewIdentity() {
  const auto& organizations = history_->organizations;
  if (organizations.empty()) return nullptr;
  const OrganizationOp* parent =
      organizations[std::uniform_int_distribution<size_t>(
          0, organizations.size() - 1)(random_)];
  const int n = ++serial_;
  v1::CreateIdentityRequest request;
  request.set_parent(parent->answer().name());
  request.mutable_identity()->set_upn(
      absl::StrCat("person", n, "@fabrikam.example"));
  request.mutable_identity()->set_display_name(absl::StrCat("Person ", n));
  request.mutable_identity()->set_usage_location("NL");
  request.mutable_identity()->set_source(v1::Identity::CLOUD_ONLY);
  request.set_request_id(absl::StrCat("crash-identity-", n));
  return history_->Add(std::make_unique<IdentityOp>(
      absl::StrCat("create identity ", n), std::move(request), Equal));
}

Op* Driver::NewReport() {
  for (size_t i = 0; i < users_available_; ++i) {
    TenantUser& user = history_->users[i];
    if (user.report != nullptr) continue;
    v1::CreateIncidentReportRequest request;
    request.set_parent(history_->tenant_organization);
    v1::IncidentReport* draft = request.mutable_incident_report();
    draft->set_title("Sign-in from a known-bad IP: " + user.upn);
    draft->set_severity(v1::CRITICAL);
    draft->set_isolation_worthy(true);
    draft->add_identities(user.identity);
    request.set_request_id("crash-report-" + user.upn);
    user.report = history_->Add(std::make_unique<ReportOp>(
        "create report for " + user.upn, std::move(request), SameReport));
    return user.report;
  }
  return nullptr;
}

Op* Driver::NewSend() {
  for (TenantUser& user : history_->users) {
    if (user.report == nullptr || user.send != nullptr) continue;
    v1::SendIncidentReportRequest request;
    request.set_name(user.report->answer().name());
    user.send = history_->Add(std::make_unique<SendOp>(
        "send report for " + user.upn, std::move(request),
        [](const v1::IncidentReport& read) {
          return read.status() == v1::IncidentReport::SENT ||
                 read.status() == v1::IncidentReport::RESOLVED;
        }));
    return user.send;
  }
  return nullptr;
}

Op* Driver::NewResolve() {
  std::vector<TenantUser*> isolated;
  for (TenantUser& user : history_->users) {
    if (user.send != nullptr && user.resolve == nullptr) {
      isolated.push_back(&user);
    }
  }
  if (isolated.empty()) return nullptr;
  TenantUser& user = *isolated[std::uniform_int_distribution<size_t>(
      0, isolated.size() - 1)(random_)];
  v1::ResolveIncidentReportRequest request;
  request.set_name(user.report->answer().name());
  user.resolve = history_->Add(std::make_unique<ResolveOp>(
      "resolve report for " + user.upn, std::move(request),
      [](const v1::IncidentReport& read) {
        return read.status() == v1::IncidentReport::RESOLVED;
      }));
  return user.resolve;
}

Op* Driver::NewSignIn() {
  const auto& users = history_->users;
  const TenantUser& user = users[std::uniform_int_distribution<size_t>(
      0, users.size() - 1)(random_)];
  const int n = ++serial_;
  v1::RecordSignInRequest request;
  v1::SignInEvent* event = request.mutable_sign_in();
  event->set_event_id(absl::StrCat("crash-sign-in-", n));
  event->set_identity(user.identity);
  *event->mutable_time() = TimeUtil::GetCurrentTime();
  event->set_ip_address(absl::StrCat("203.0.113.", n % 250 + 1));
  event->set_country(kCountries[std::uniform_int_distribution<size_t>(
      0, std::size(kCountries) - 1)(random_)]);
  return history_->Add(std::make_unique<SignInOp>(
      absl::StrCat("sign-in ", n, " of ", user.upn), std::move(request)));
}

Op* Driver::NewAnswer(Client& client) {
  std::vector<v1::Escalation> escalations;
  if (!client.Escalations(history_->account, &escalations, "status = OPEN")
           .ok()) {
    return nullptr;
  }
  for (const v1::Escalation& escalation : escalations) {
    if (escalation.type() != v1::LOGIN_UNEXPECTED_COUNTRY ||
        !NotifiedEveryone(escalation) ||
        !history_->answered_escalations.insert(escalation.name()).second) {
      continue;
    }
    v1::AnswerEscalationRequest request;
    request.set_name(escalation.name());
    request.mutable_answer()->set_determination(v1::AccessRule::EXPECTED);
    request.mutable_answer()->set_scope(v1::EscalationAnswer::IDENTITY);
    return history_->Add(std::make_unique<AnswerOp>(
        "answer " + escalation.name(), std::move(request),
        [](const v1::Escalation& read) {
          return read.status() == v1::Escalation::RESOLVED;
        }));
  }
  return nullptr;
}

}  // namespace cordon::process_testing::crash_loop
