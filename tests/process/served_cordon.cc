#include "tests/process/served_cordon.h"

#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cordon/v1/account.grpc.pb.h"
#include "cordon/v1/identity.grpc.pb.h"
#include "cordon/v1/organization.grpc.pb.h"
#include "cordon/v1/telemetry.grpc.pb.h"
#include "cordon/v1/user.grpc.pb.h"
#include "testing/self_signed_certificate.h"

#ifndef CORDON_SIM_BIN
#error "CORDON_SIM_BIN must name the cordon-sim binary"
#endif
#ifndef CORDON_SERVER_BIN
#error "CORDON_SERVER_BIN must name the cordon-server binary"
#endif

namespace cordon::process_testing {
namespace {

using adapters::http::HttpMethod;
using Kind = v1::ResponseAction::Kind;

constexpr auto kStartBound = std::chrono::seconds(20);
constexpr auto kStopBound = std::chrono::seconds(5);
constexpr auto kCallBound = std::chrono::seconds(10);

std::string WorldText(const TenantOptions& options) {
  std::string users;
  for (int i = 0; i < options.users; ++i) {
    absl::StrAppend(&users, "    users { upn: \"", ServedTenant::Upn(i),
                    "\" sessions: 2 }\n");
  }
  return absl::StrCat("world {\n  tenants {\n    alias: \"contoso\"\n",
                      "    tenant_id: \"", kTenant, "\"\n",
                      "    verified_domains: \"contoso.com\"\n", users,
                      "  }\n}\napp { client_id: \"", kClientId, "\" }\n",
                      "faults {\n", options.faults, "\n}\n");
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream(path) << content;
  ::chmod(path.c_str(), 0600);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

std::string ServedTenant::Upn(int user) {
  return absl::StrCat("user", user, "@contoso.com");
}

ServedTenant::ServedTenant(const std::string& directory,
                           const TenantOptions& options) {
  const std::string world = directory + "/world.textproto";
  WriteFile(world, WorldText(options));
  ca_file_ = directory + "/sim-ca.pem";
  request_log_ = directory + "/requests.jsonl";
  std::vector<std::string> args = {
      CORDON_SIM_BIN,           "--serve=127.0.0.1:0",
      "--world=" + world,       absl::StrCat("--seed=", options.seed),
      "--cert_out=" + ca_file_, "--request_log=" + request_log_};
  if (options.smtp) args.push_back("--smtp_listen=127.0.0.1:0");
  if (options.smtp_keep > 0) {
    args.push_back(absl::StrCat("--smtp_keep=", options.smtp_keep));
  }
  if (options.threads > 0) {
    args.push_back(absl::StrCat("--serve_threads=", options.threads));
  }
  if (options.smtp && !options.smtp_user.empty()) {
    WriteFile(directory + "/smtp-password", options.smtp_password);
    args.push_back("--smtp_user=" + options.smtp_user);
    args.push_back("--smtp_password_file=" + directory + "/smtp-password");
  }
  flags_ = {absl::StrCat("--graph_client_id=", kClientId),
            "--graph_ca_file=" + ca_file_, "--graph_timeout=10s"};
  WriteCredential(directory, options.credential, &args);
  if (!error_.empty()) return;
  sim_ = std::make_unique<ChildProcess>(std::move(args));
  const auto port = sim_->WaitForLine(
      std::regex("serving port=(\\d+)(?:.* smtp_port=(\\d+))?"),
      Steady::now() + kStartBound);
  if (!port.has_value()) {
    error_ = "cordon-sim did not serve: " + sim_->output();
    return;
  }
  base_ = "https://127.0.0.1:" + (*port)[1];
  flags_.push_back("--login_base_url=" + base_);
  flags_.push_back("--graph_base_url=" + base_ + "/v1.0");
  if (options.smtp) {
    flags_.push_back("--smtp_url=smtp://127.0.0.1:" + (*port)[2]);
    flags_.push_back("--smtp_ca_file=" + ca_file_);
    flags_.push_back("--mail_from=Cordon <cordon@msp.example>");
  }
  if (options.smtp && !options.smtp_user.empty()) {
    flags_.push_back("--smtp_user=" + options.smtp_user);
    flags_.push_back("--smtp_password_file=" + directory + "/smtp-password");
  }
  adapters::http::CurlHttpClient::Options http_options;
  http_options.ca_file = ca_file_;
  http_ = std::make_unique<adapters::http::CurlHttpClient>(http_options);
}

ServedTenant::~ServedTenant() {
  if (sim_ == nullptr) return;
  sim_->Signal(SIGTERM);
  (void)sim_->WaitForExit(Steady::now() + kStopBound);
}

void ServedTenant::WriteCredential(const std::string& directory,
                                   Credential credential,
                                   std::vector<std::string>* sim_args) {
  if (credential == Credential::kSecret) {
    const std::string secret = directory + "/graph-secret";
    WriteFile(secret, "e2e-process-secret\n");
    sim_args->push_back("--client_secret_file=" + secret);
    flags_.push_back("--graph_client_secret_file=" + secret);
    return;
  }
  // PS256 client assertions need an RSA key.
  auto files = testing::WriteSelfSignedCertificate(
      directory, testing::CertificateKeyType::kRsa2048);
  if (!files.ok()) {
    error_ = files.status().ToString();
    return;
  }
  sim_args->push_back("--client_cert_file=" + files->certificate_path);
  flags_.push_back("--graph_client_cert_file=" + files->certificate_path);
  flags_.push_back("--graph_client_key_file=" + files->private_key_path);
}

std::string ServedTenant::Admin(HttpMethod method, const std::string& path,
                                const std::string& body, int* status) {
  adapters::http::HttpRequest request;
  request.method = method;
  request.url = base_ + path;
  if (method == HttpMethod::kPost) {
    request.headers.push_back({"Content-Type", "application/json"});
  }
  request.body = body;
  // The SMTP sink and the request log grow with a long run (a 1,000-kill
  // crash loop reads megabytes of mail); the client's default cap is for
  // answers from the outside world, not for the test's own simulator.
  request.max_response_bytes = size_t{256} << 20;
  adapters::http::HttpResponse response = http_->Send(request);
  *status = response.status;
  return response.body;
}

nlohmann::json ServedTenant::UserState(const std::string& upn) {
  int status = 0;
  const std::string body =
      Admin(HttpMethod::kGet, absl::StrCat("/_sim/users/", kTenant, "/", upn),
            "", &status);
  return nlohmann::json::parse(body, nullptr, false);
}

bool ServedTenant::AddForwardRule(const std::string& upn,
                                  const std::string& rule_id) {
  const nlohmann::json body = {
      {"tenant", kTenant},
      {"upn", upn},
      {"rule", {{"id", rule_id}, {"forward_to", {"drop@attacker.example"}}}}};
  int status = 0;
  Admin(HttpMethod::kPost, "/_sim/inbox_rules", body.dump(), &status);
  return status == 200;
}

bool ServedTenant::SetTenantAadsts(const std::string& code) {
  const nlohmann::json body = {{"tenant", kTenant}, {"code", code}};
  int status = 0;
  Admin(HttpMethod::kPost, "/_sim/tenant_aadsts", body.dump(), &status);
  return status == 200;
}

nlohmann::json ServedTenant::Requests() {
  int status = 0;
  const nlohmann::json log = nlohmann::json::parse(
      Admin(HttpMethod::kGet, "/_sim/requests", "", &status), nullptr, false);
  return log.is_object() ? log["requests"] : nlohmann::json();
}

nlohmann::json ServedTenant::SmtpMessages() {
  int status = 0;
  const nlohmann::json list = nlohmann::json::parse(
      Admin(HttpMethod::kGet, "/_sim/smtp/messages", "", &status), nullptr,
      false);
  return list.is_object() ? list["messages"] : nlohmann::json();
}

std::string CordonServer::Start() {
  std::vector<std::string> args = {CORDON_SERVER_BIN, "--listen=127.0.0.1:0",
                                   "--data_dir=" + data_dir_};
  args.insert(args.end(), flags_.begin(), flags_.end());
  process_ = std::make_unique<ChildProcess>(std::move(args));
  const auto serving =
      process_->WaitForLine(std::regex(R"( serving on 127\.0\.0\.1:(\d+))"),
                            Steady::now() + kStartBound);
  if (!serving.has_value()) return "no serving line: " + process_->output();
  port_ = std::stoi((*serving)[1]);
  std::string key = ReadFile(data_dir_ + "/bootstrap.key");
  while (!key.empty() && key.back() == '\n') key.pop_back();
  if (key.empty()) return "no bootstrap key in " + data_dir_;
  key_ = key;
  return "";
}

std::optional<int> CordonServer::Stop(Steady::time_point deadline) {
  if (!process_) return std::nullopt;
  process_->Signal(SIGTERM);
  return process_->WaitForExit(deadline);
}

void CordonServer::Wait(Steady::time_point deadline) {
  if (process_) process_->DrainUntil(deadline);
}

CordonApi::CordonApi(int port, std::string key)
    : channel_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                   grpc::InsecureChannelCredentials())),
      key_(std::move(key)) {}

void CordonApi::Prepare(grpc::ClientContext* context) const {
  context->set_deadline(std::chrono::system_clock::now() + kCallBound);
  context->AddMetadata("authorization", "Bearer " + key_);
}

bool CordonApi::Check(const grpc::Status& status, const char* call) {
  if (status.ok()) return true;
  last_code_ = status.error_code();
  error_ = absl::StrCat(call, ": ", status.error_code(), " ",
                        status.error_message());
  return false;
}

std::string CordonApi::CreateAccount() {
  v1::CreateAccountRequest request;
  request.mutable_account()->set_display_name("Contoso MSP");
  v1::AccountChange change;
  grpc::ClientContext context;
  Prepare(&context);
  auto stub = v1::AccountService::NewStub(channel_);
  if (!Check(stub->CreateAccount(&context, request, &change), "account")) {
    return "";
  }
  return change.account().name();
}

bool CordonApi::AccountExists(const std::string& name) {
  v1::GetAccountRequest request;
  request.set_name(name);
  v1::Account account;
  grpc::ClientContext context;
  Prepare(&context);
  auto stub = v1::AccountService::NewStub(channel_);
  return Check(stub->GetAccount(&context, request, &account), "get account");
}

bool CordonApi::RecordSignIn(const std::string& identity,
                             const std::string& event_id,
                             const std::string& country) {
  v1::RecordSignInRequest request;
  v1::SignInEvent* sign_in = request.mutable_sign_in();
  sign_in->set_event_id(event_id);
  sign_in->set_identity(identity);
  sign_in->mutable_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  sign_in->set_country(country);
  v1::RecordSignInResponse response;
  grpc::ClientContext context;
  Prepare(&context);
  auto stub = v1::TelemetryService::NewStub(channel_);
  return Check(stub->RecordSignIn(&context, request, &response), "sign-in");
}

std::string CordonApi::CreateOrganization(const std::string& account) {
  v1::CreateOrganizationRequest request;
  request.set_parent(account);
  request.mutable_organization()->set_display_name("Contoso");
  request.mutable_organization()->set_m365_tenant_id(kTenant);
  v1::Organization organization;
  grpc::ClientContext context;
  Prepare(&context);
  auto stub = v1::OrganizationService::NewStub(channel_);
  if (!Check(stub->CreateOrganization(&context, request, &organization),
             "organization")) {
    return "";
  }
  return organization.name();
}

bool CordonApi::SyncInventory(const std::string& organization) {
  v1::SyncInventoryRequest request;
  request.set_name(organization);
  v1::SyncInventoryResponse response;
  grpc::ClientContext context;
  Prepare(&context);
  auto stub = v1::OrganizationService::NewStub(channel_);
  return Check(stub->SyncInventory(&context, request, &response), "inventory");
}

std::string CordonApi::IdentityByUpn(const std::string& organization,
                                     const std::string& upn) {
  v1::ListIdentitiesRequest request;
  request.set_parent(organization);
  request.set_page_size(1000);
  v1::ListIdentitiesResponse response;
  grpc::ClientContext context;
  Prepare(&context);
  auto stub = v1::IdentityService::NewStub(channel_);
  if (!Check(stub->ListIdentities(&context, request, &response), "list")) {
    return "";
  }
  for (const v1::Identity& identity : response.identities()) {
    if (absl::EqualsIgnoreCase(identity.upn(), upn)) return identity.name();
  }
  error_ = absl::StrCat("the inventory has no identity for ", upn);
  return "";
}

std::string CordonApi::SendReport(const std::string& organization,
                                  const std::string& identity) {
  v1::CreateIncidentReportRequest create;
  create.set_parent(organization);
  v1::IncidentReport* draft = create.mutable_incident_report();
  draft->set_title("Sign-in from a known-bad IP");
  draft->set_severity(v1::CRITICAL);
  draft->set_isolation_worthy(true);
  draft->add_identities(identity);
  auto stub = v1::IncidentService::NewStub(channel_);
  v1::IncidentReport report;
  grpc::ClientContext create_context;
  Prepare(&create_context);
  if (!Check(stub->CreateIncidentReport(&create_context, create, &report),
             "create report")) {
    return "";
  }
  v1::SendIncidentReportRequest send;
  send.set_name(report.name());
  grpc::ClientContext send_context;
  Prepare(&send_context);
  if (!Check(stub->SendIncidentReport(&send_context, send, &report), "send")) {
    return "";
  }
  return report.name();
}

std::optional<v1::IncidentReport> CordonApi::Report(const std::string& name) {
  v1::GetIncidentReportRequest request;
  request.set_name(name);
  v1::IncidentReport report;
  grpc::ClientContext context;
  Prepare(&context);
  auto stub = v1::IncidentService::NewStub(channel_);
  if (!Check(stub->GetIncidentReport(&context, request, &report), "get")) {
    return std::nullopt;
  }
  return report;
}

bool CordonApi::Resolve(const std::string& name) {
  v1::ResolveIncidentReportRequest request;
  request.set_name(name);
  v1::IncidentReport report;
  grpc::ClientContext context;
  Prepare(&context);
  auto stub = v1::IncidentService::NewStub(channel_);
  return Check(stub->ResolveIncidentReport(&context, request, &report),
               "resolve");
}

std::optional<std::vector<v1::Escalation>> CordonApi::Escalations(
    const std::string& account) {
  v1::ListEscalationsRequest request;
  request.set_parent(account);
  request.set_page_size(100);
  v1::ListEscalationsResponse response;
  grpc::ClientContext context;
  Prepare(&context);
  auto stub = v1::EscalationService::NewStub(channel_);
  if (!Check(stub->ListEscalations(&context, request, &response),
             "escalations")) {
    return std::nullopt;
  }
  return std::vector<v1::Escalation>(response.escalations().begin(),
                                     response.escalations().end());
}

bool CordonApi::CreateAdmin(const std::string& account,
                            const std::string& email) {
  v1::CreateUserRequest request;
  request.set_parent(account);
  request.mutable_user()->set_email(email);
  request.mutable_user()->set_display_name(email);
  request.mutable_user()->set_role(v1::ACCOUNT_ADMIN);
  v1::User user;
  grpc::ClientContext context;
  Prepare(&context);
  return Check(
      v1::UserService::NewStub(channel_)->CreateUser(&context, request, &user),
      "admin");
}

std::string CordonApi::CreateEscalation(const std::string& account,
                                        const std::string& organization) {
  v1::CreateEscalationRequest request;
  request.set_parent(account);
  request.mutable_escalation()->set_type(v1::HOST_ISOLATION_ORG_WIDE);
  request.mutable_escalation()->set_organization(organization);
  request.mutable_escalation()->set_question(
      "Were <ep-1> & ep-2 isolated on purpose?");
  v1::Escalation escalation;
  grpc::ClientContext context;
  Prepare(&context);
  if (!Check(v1::EscalationService::NewStub(channel_)->CreateEscalation(
                 &context, request, &escalation),
             "escalation")) {
    return "";
  }
  return escalation.name();
}

bool CordonApi::AnswerRetryAccess(const std::string& escalation) {
  v1::EscalationAnswer answer;
  answer.set_retry_access(true);
  return Answer(escalation, answer);
}

bool CordonApi::AnswerIntegrationFixed(const std::string& escalation) {
  v1::EscalationAnswer answer;
  answer.set_integration_fixed(true);
  return Answer(escalation, answer);
}

bool CordonApi::Answer(const std::string& escalation,
                       const v1::EscalationAnswer& answer) {
  v1::AnswerEscalationRequest request;
  request.set_name(escalation);
  *request.mutable_answer() = answer;
  v1::Escalation answered;
  grpc::ClientContext context;
  Prepare(&context);
  auto stub = v1::EscalationService::NewStub(channel_);
  return Check(stub->AnswerEscalation(&context, request, &answered), "answer");
}

std::string ForwardRule(int user) { return absl::StrCat("fwd-", user); }

std::string SetUpWalkthrough(CordonApi& api, ServedTenant& tenant, int users,
                             Walkthrough* out) {
  out->account = api.CreateAccount();
  if (out->account.empty()) return api.error();
  out->organization = api.CreateOrganization(out->account);
  if (out->organization.empty()) return api.error();
  // The tenant's users become identities (ISO-12); binding started a run
  // already, this one returns once they are there.
  if (!api.SyncInventory(out->organization)) return api.error();
  for (int i = 0; i < users; ++i) {
    const std::string upn = ServedTenant::Upn(i);
    out->identities.push_back(api.IdentityByUpn(out->organization, upn));
    if (out->identities.back().empty()) return api.error();
    if (!tenant.AddForwardRule(upn, ForwardRule(i))) return "rule of " + upn;
  }
  return "";
}

std::vector<Kind> IsolationKinds() {
  return {v1::ResponseAction::SESSIONS_REVOKED,
          v1::ResponseAction::IDENTITY_DISABLED,
          v1::ResponseAction::INBOX_RULES_DISABLED};
}

std::string IsolateFirst(CordonServer& server, CordonApi& api,
                         const Walkthrough& walk, std::string* report) {
  *report = api.SendReport(walk.organization, walk.identities[0]);
  if (report->empty()) return api.error();
  auto isolated = WaitForActions(server, *report, IsolationKinds(),
                                 Steady::now() + std::chrono::seconds(40));
  if (isolated && ActionsSucceeded(*isolated, IsolationKinds())) return "";
  return absl::StrCat(
      "not isolated: ", isolated ? isolated->DebugString() : api.error(),
      server.log());
}

bool ActionsSucceeded(const v1::IncidentReport& report,
                      const std::vector<Kind>& kinds) {
  for (const Kind kind : kinds) {
    int succeeded = 0;
    for (const v1::ResponseAction& action : report.response_actions()) {
      if (action.kind() != kind) continue;
      if (action.outcome() != v1::ResponseAction::SUCCEEDED) return false;
      ++succeeded;
    }
    if (succeeded == 0) return false;
  }
  return true;
}

std::optional<v1::IncidentReport> WaitForActions(CordonServer& server,
                                                 const std::string& name,
                                                 const std::vector<Kind>& kinds,
                                                 Steady::time_point deadline) {
  CordonApi api(server.port(), server.key());
  std::optional<v1::IncidentReport> report;
  while (Steady::now() < deadline) {
    report = api.Report(name);
    if (report.has_value() && ActionsSucceeded(*report, kinds)) break;
    // Bounded: reads the server's log for 20 ms between polls.
    server.Wait(
        std::min(deadline, Steady::now() + std::chrono::milliseconds(20)));
  }
  return report;
}

namespace {

// The PATCH's switch `member` as the request log has it: true, false, or
// absent (not a PATCH that sets it).
bool PatchSets(const nlohmann::json& request, const char* member, bool value) {
  const nlohmann::json patch = request.value("patch", nlohmann::json::object());
  return patch.is_object() && patch.contains(member) && patch[member] == value;
}

}  // namespace

bool IsEffectOn(const nlohmann::json& request, const std::string& upn,
                Kind kind) {
  const std::string path = request.value("path", "");
  const std::string method = request.value("method", "");
  const std::string user = "/v1.0/users/" + upn;
  if (!absl::StartsWith(path, user)) return false;
  const bool rule_patch =
      method == "PATCH" &&
      absl::StartsWith(path, user + "/mailFolders/inbox/messageRules/");
  switch (kind) {
    case v1::ResponseAction::SESSIONS_REVOKED:
      return method == "POST" && path == user + "/revokeSignInSessions";
    case v1::ResponseAction::IDENTITY_DISABLED:
      return method == "PATCH" && path == user &&
             PatchSets(request, "accountEnabled", false);
    case v1::ResponseAction::IDENTITY_RE_ENABLED:
      return method == "PATCH" && path == user &&
             PatchSets(request, "accountEnabled", true);
    case v1::ResponseAction::INBOX_RULES_DISABLED:
      return rule_patch && PatchSets(request, "isEnabled", false);
    default:
      return false;
  }
}

bool EnablesAnInboxRule(const nlohmann::json& request, const std::string& upn) {
  return request.value("method", "") == "PATCH" &&
         absl::StartsWith(
             request.value("path", ""),
             "/v1.0/users/" + upn + "/mailFolders/inbox/messageRules/") &&
         PatchSets(request, "isEnabled", true);
}

std::vector<std::string> RepeatsAfterDone(const nlohmann::json& requests,
                                          const DoneMarks& marks) {
  std::vector<std::string> repeats;
  for (const auto& [key, from] : marks) {
    for (size_t i = from; i < requests.size(); ++i) {
      if (!IsEffectOn(requests[i], key.first, key.second)) continue;
      repeats.push_back(absl::StrCat(v1::ResponseAction::Kind_Name(key.second),
                                     " on ", key.first,
                                     " repeated at log entry ", i,
                                     " after it was done (entry ", from, ")"));
    }
  }
  return repeats;
}

}  // namespace cordon::process_testing
