#include "tools/bench/bench_cordon.h"

#include <stdlib.h>

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/core/errors.h"
#include "server/ports/mailer.h"
#include "server/ports/psa.h"

namespace cordon::bench {
namespace {

// The benchmarks time isolation, which sends no ticket and no mail; these
// accept whatever comes so that a notification never stalls the worker.
// Stateless (the ticket id is derived from the reference, which also makes a
// repeated create return the same ticket), hence safe to share.
class AcceptingPsa final : public ports::Psa {
 public:
  ports::PsaCallOutcome CreateTicket(const ports::PsaConnection&,
                                     const ports::PsaTicket& ticket) override {
    ports::PsaCallOutcome outcome;
    outcome.http_status = 201;
    outcome.ticket_id = absl::StrCat("bench:", ticket.reference);
    return outcome;
  }
  ports::PsaCallOutcome AddTicketNote(const ports::PsaConnection&,
                                      const std::string&,
                                      const std::string&) override {
    ports::PsaCallOutcome outcome;
    outcome.http_status = 201;
    return outcome;
  }
  ports::PsaCallOutcome TestConnection(const ports::PsaConnection&) override {
    return ports::PsaCallOutcome{};
  }
};

class AcceptingMailer final : public ports::Mailer {
 public:
  ports::MailOutcome Send(const ports::EmailMessage&) override {
    return ports::MailOutcome{ports::MailOutcome::Kind::kDelivered, ""};
  }
};

// Leaked on purpose (no destructor runs at exit while a worker may call).
ports::Psa* SharedAcceptingPsa() {
  static ports::Psa* const psa = new AcceptingPsa();
  return psa;
}

ports::Mailer* SharedAcceptingMailer() {
  static ports::Mailer* const mailer = new AcceptingMailer();
  return mailer;
}

}  // namespace

void ObservedGraph::Arm(std::function<void()> after_each_call) {
  std::lock_guard<std::mutex> lock(mu_);
  first_call_start_.reset();
  after_each_call_ = std::move(after_each_call);
}

void ObservedGraph::Disarm() {
  std::lock_guard<std::mutex> lock(mu_);
  after_each_call_ = nullptr;
}

absl::optional<absl::Time> ObservedGraph::first_call_start() const {
  std::lock_guard<std::mutex> lock(mu_);
  return first_call_start_;
}

bool ObservedGraph::AwaitAfterCalls(const std::function<bool()>& done,
                                    absl::Time deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  return call_ended_.wait_until(lock, absl::ToChronoTime(deadline), done);
}

void ObservedGraph::CallStarts() {
  const absl::Time now = absl::Now();
  std::lock_guard<std::mutex> lock(mu_);
  if (!first_call_start_.has_value()) first_call_start_ = now;
}

void ObservedGraph::CallEnded() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (after_each_call_) after_each_call_();
  }
  call_ended_.notify_all();
}

core::GraphCallOutcome ObservedGraph::RevokeSignInSessions(
    const ports::GraphUserRef& user) {
  CallStarts();
  core::GraphCallOutcome outcome = inner_->RevokeSignInSessions(user);
  CallEnded();
  return outcome;
}

core::GraphCallOutcome ObservedGraph::SetAccountEnabled(
    const ports::GraphUserRef& user, bool enabled) {
  CallStarts();
  core::GraphCallOutcome outcome = inner_->SetAccountEnabled(user, enabled);
  CallEnded();
  return outcome;
}

core::GraphCallOutcome ObservedGraph::ListInboxRules(
    const ports::GraphUserRef& user, std::vector<core::InboxRule>* rules) {
  CallStarts();
  core::GraphCallOutcome outcome = inner_->ListInboxRules(user, rules);
  CallEnded();
  return outcome;
}

core::GraphCallOutcome ObservedGraph::SetInboxRuleEnabled(
    const ports::GraphUserRef& user, const std::string& rule_id, bool enabled) {
  CallStarts();
  core::GraphCallOutcome outcome =
      inner_->SetInboxRuleEnabled(user, rule_id, enabled);
  CallEnded();
  return outcome;
}

core::GraphCallOutcome ObservedGraph::GetUser(const ports::GraphUserRef& user,
                                              ports::GraphUser* result) {
  CallStarts();
  core::GraphCallOutcome outcome = inner_->GetUser(user, result);
  CallEnded();
  return outcome;
}

core::GraphCallOutcome ObservedGraph::ListTenantDomains(
    const std::string& tenant_id, std::vector<std::string>* domains) {
  CallStarts();
  core::GraphCallOutcome outcome =
      inner_->ListTenantDomains(tenant_id, domains);
  CallEnded();
  return outcome;
}

core::GraphCallOutcome ObservedGraph::ReadUsersDeltaPage(
    const std::string& tenant_id, const std::string& link,
    ports::UsersDeltaPage* page) {
  CallStarts();
  core::GraphCallOutcome outcome =
      inner_->ReadUsersDeltaPage(tenant_id, link, page);
  CallEnded();
  return outcome;
}

engine::OutboxWorkerOptions BenchCordonOptions::ServerWorkerOptions() {
  engine::OutboxWorkerOptions options;
  options.parallelism = 8;  // as cordon-server runs it
  return options;
}

absl::StatusOr<std::unique_ptr<BenchCordon>> BenchCordon::Create(
    const BenchCordonOptions& options) {
  std::string templ =
      (std::filesystem::temp_directory_path() / "cordon-bench-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) {
    return absl::InternalError(
        absl::StrCat("cannot create a temp dir ", templ));
  }
  std::unique_ptr<BenchCordon> cordon(new BenchCordon(options, templ));
  ports::Graph* graph = &cordon->simulated_graph_;
  if (options.over_https) {
    CORDON_ASSIGN_OR_RETURN(
        cordon->https_graph_,
        HttpsGraph::Start(&cordon->world_, &cordon->random_, &cordon->clock_,
                          options.graph_latency));
    graph = &cordon->https_graph_->graph();
  }
  cordon->observed_graph_ = std::make_unique<ObservedGraph>(graph);
  CORDON_RETURN_IF_ERROR(cordon->Open(options.sync_writes, options.worker));
  return cordon;
}

BenchCordon::BenchCordon(const BenchCordonOptions& options,
                         std::string data_dir)
    : data_dir_(std::move(data_dir)),
      psa_(options.psa != nullptr ? options.psa : SharedAcceptingPsa()),
      psa_integration_(options.psa_integration),
      sealer_(*adapters::AesGcmSealer::Create(
          std::string(adapters::kSecretsKeyBytes, 'b'), &entropy_)),
      simulated_graph_(&world_, &faults_, &log_, &random_,
                       sim::SimulatedGraphOptions{options.graph_latency}) {}

BenchCordon::~BenchCordon() {
  engine_.reset();  // stops the worker
  db_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(data_dir_, ignored);
}

engine::Actor BenchCordon::Operator() {
  return engine::Actor{"cordon-bench", "", "cordon-bench"};
}

absl::Status BenchCordon::Open(bool sync_writes,
                               const engine::OutboxWorkerOptions& worker) {
  store::RocksDatabaseOptions options;
  options.sync_writes = sync_writes;
  CORDON_ASSIGN_OR_RETURN(db_, store::RocksDatabase::Open(data_dir_, options));
  engine::EngineOptions engine_options;
  engine_options.worker = worker;
  // The HTTPS PSA fakes listen on loopback (no DNS: IP literals only).
  engine_options.allow_private_endpoints = true;
  engine_ = std::make_unique<engine::Engine>(
      db_.get(),
      engine::Ports{&clock_, &entropy_, observed_graph_.get(), &random_, psa_,
                    SharedAcceptingMailer(), sealer_.get()},
      engine_options);
  return absl::OkStatus();
}

absl::Status BenchCordon::Reopen(bool sync_writes) {
  engine_.reset();
  db_.reset();
  return Open(sync_writes, BenchCordonOptions::ServerWorkerOptions());
}

absl::Status BenchCordon::SetUpOrganization() {
  CORDON_RETURN_IF_ERROR(world_.AddTenant({kTenant, {"contoso.com"}, ""}));
  cordon::v1::Account account;
  account.set_display_name("Benchmark MSP");
  account.mutable_settings()->set_identity_isolation_enabled(true);
  // The blast-radius guard (ISO-14) would hold every isolation past the
  // 25th of the hour; benchmarks isolate hundreds on purpose.
  account.mutable_settings()->set_automated_isolations_per_hour(1000);
  if (psa_integration_.has_value()) {
    *account.mutable_settings()->mutable_psa_integration() = *psa_integration_;
  }
  CORDON_ASSIGN_OR_RETURN(cordon::store::SavedAccount created,
                          engine_->accounts().Create(Operator(), account,
                                                     engine::IdempotentCall{}));
  CORDON_ASSIGN_OR_RETURN(core::AccountName parent,
                          core::ParseAccountName(created.account().name()));
  cordon::v1::Organization organization;
  organization.set_display_name("Contoso");
  organization.set_m365_tenant_id(kTenant);
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Organization org,
      engine_->organizations().Create(Operator(), parent.account, organization,
                                      engine::IdempotentCall{}));
  organization_ = org.name();
  return absl::OkStatus();
}

absl::StatusOr<BenchCordon::Target> BenchCordon::AddTarget(int n) {
  CORDON_ASSIGN_OR_RETURN(core::OrganizationName parent,
                          core::ParseOrganizationName(organization_));
  Target target;
  target.upn = absl::StrCat("user", n, "@contoso.com");
  sim::UserSpec user;
  user.upn = target.upn;
  CORDON_RETURN_IF_ERROR(world_.AddUser(kTenant, user));
  CORDON_RETURN_IF_ERROR(world_.SignIn(kTenant, target.upn));
  core::InboxRule rule;
  rule.id = kRuleId;
  rule.display_name = "fwd";
  rule.actions.forward_to = {"drop@evil.example"};
  CORDON_RETURN_IF_ERROR(world_.AddInboxRule(kTenant, target.upn, rule));

  cordon::v1::Identity identity;
  identity.set_upn(target.upn);
  identity.set_source(cordon::v1::Identity::CLOUD_ONLY);
  identity.set_usage_location("US");
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::Identity created,
      engine_->identities().Create(Operator(), parent, identity,
                                   engine::IdempotentCall{}));
  CORDON_ASSIGN_OR_RETURN(target.identity,
                          core::ParseIdentityName(created.name()));

  cordon::v1::IncidentReport report;
  report.set_title("Sign-in from a known-bad IP and a forwarding rule");
  report.set_severity(cordon::v1::CRITICAL);
  report.set_isolation_worthy(true);
  report.add_identities(created.name());
  CORDON_ASSIGN_OR_RETURN(
      cordon::v1::IncidentReport draft,
      engine_->incidents().Create(Operator(), parent, report,
                                  engine::IdempotentCall{}));
  CORDON_ASSIGN_OR_RETURN(target.draft,
                          core::ParseIncidentReportName(draft.name()));
  return target;
}

}  // namespace cordon::bench
