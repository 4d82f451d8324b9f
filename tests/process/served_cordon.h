#ifndef CORDON_TESTS_PROCESS_SERVED_CORDON_H_
#define CORDON_TESTS_PROCESS_SERVED_CORDON_H_

// The pieces of an end-to-end process test: cordon-sim --serve holding a
// simulated tenant over HTTPS, a real cordon-server pointed at it with the
// --graph_* flags, and the gRPC calls an operator makes (README, "Isolation
// walk-through"). Every wait is bounded by a deadline.

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cordon/v1/escalation.grpc.pb.h"
#include "cordon/v1/incident.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "server/adapters/http/curl_http_client.h"
#include "tests/process/child_process.h"

namespace cordon::process_testing {

inline constexpr char kTenant[] = "0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b";
inline constexpr char kClientId[] = "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17";

enum class Credential { kSecret, kCertificate };

struct TenantOptions {
  Credential credential = Credential::kSecret;
  int users = 1;  // user0@contoso.com ..., two sessions each
  // The body of the world's `faults {}` block ("" = none).
  std::string faults;
  int seed = 1;
  // Also an SMTP sink (--smtp_listen) the server mails through (STARTTLS,
  // trusting ca_file()); its messages are read with SmtpMessages().
  bool smtp = false;
  // With smtp: how many messages the sink keeps (--smtp_keep); 0 = its
  // default (1,000).
  int smtp_keep = 0;
  // HTTPS connections the simulator serves at once (--serve_threads); 0 =
  // its default (8).
  int threads = 0;
  // With smtp: AUTH the sink requires and the server's --smtp_user and
  // --smtp_password_file give ("" = no AUTH).
  std::string smtp_user;
  std::string smtp_password;
};

// cordon-sim --serve on 127.0.0.1:0 with a world written into `directory`,
// and the /_sim/ admin calls tests read it through.
class ServedTenant {
 public:
  ServedTenant(const std::string& directory, const TenantOptions& options);
  // Stops cordon-sim with SIGTERM, as an operator would, so that it
  // removes the directory of its certificate; ChildProcess SIGKILLs it if
  // it has not exited within a bound.
  ~ServedTenant();
  ServedTenant(const ServedTenant&) = delete;
  ServedTenant& operator=(const ServedTenant&) = delete;
  // Empty when the simulator came up; else what went wrong and its output.
  const std::string& error() const { return error_; }
  static std::string Upn(int user);
  // The cordon-server flags that point it at this tenant's app.
  const std::vector<std::string>& ServerFlags() const { return flags_; }
  const std::string& base_url() const { return base_; }
  // The simulator's certificate, for clients and --psa_ca_file.
  const std::string& ca_file() const { return ca_file_; }
  // GET /_sim/users/{tenant}/{upn}: sessions, account_enabled, inbox_rules.
  nlohmann::json UserState(const std::string& upn);
  // An enabled rule forwarding everything outside the tenant (ISO-3).
  bool AddForwardRule(const std::string& upn, const std::string& rule_id);
  // The token endpoint answers the tenant with `code` ("" = no longer).
  bool SetTenantAadsts(const std::string& code);
  // GET /_sim/requests: every Graph and token request answered, in order;
  // null when it cannot be read.
  nlohmann::json Requests();
  // The request log file cordon-sim appends each request to as it answers.
  const std::string& request_log_file() const { return request_log_; }
  // GET /_sim/smtp/messages: [{"from","recipients","data"}...]; null when
  // it cannot be read (without the sink, or a failed read), never an empty
  // list that would pass for "no mail".
  nlohmann::json SmtpMessages();

 private:
  void WriteCredential(const std::string& directory, Credential credential,
                       std::vector<std::string>* sim_args);
  std::string Admin(adapters::http::HttpMethod method, const std::string& path,
                    const std::string& body, int* status);

  std::string error_;
  std::string base_;
  std::string ca_file_;
  std::string request_log_;
  std::vector<std::string> flags_;
  std::unique_ptr<ChildProcess> sim_;
  std::unique_ptr<adapters::http::CurlHttpClient> http_;
};

// A cordon-server child on a data dir kept across restarts.
class CordonServer {
 public:
  CordonServer(std::string data_dir, std::vector<std::string> flags)
      : data_dir_(std::move(data_dir)), flags_(std::move(flags)) {}
  // Starts it and waits for its serving line; "" or what went wrong.
  std::string Start();
  void Kill() { process_.reset(); }
  // SIGTERM, then reads its log to the end and waits for its exit until
  // `deadline`: its wait status, nullopt if it has not exited.
  std::optional<int> Stop(Steady::time_point deadline);
  // Its wait status if it has exited (by itself: Kill forgets the
  // process), without waiting.
  std::optional<int> ExitStatus() {
    return process_ ? process_->WaitForExit(Steady::now()) : std::nullopt;
  }
  // Reads its log until `deadline` (a bounded wait between polls).
  void Wait(Steady::time_point deadline);
  int port() const { return port_; }
  const std::string& key() const { return key_; }
  std::string log() const { return process_ ? process_->output() : ""; }

 private:
  const std::string data_dir_;
  const std::vector<std::string> flags_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
  std::string key_;
};

// The gRPC calls of the walk-through, with the bootstrap key as bearer.
// Each returns the created resource's name, "" on failure (in error()).
class CordonApi {
 public:
  CordonApi(int port, std::string key);
  std::string CreateAccount();
  std::string CreateOrganization(const std::string& account);
  // Runs the organization's inventory now (ISO-12), then finds the
  // identity it keeps for `upn`.
  bool SyncInventory(const std::string& organization);
  std::string IdentityByUpn(const std::string& organization,
                            const std::string& upn);
  // Creates and sends an isolation-worthy CRITICAL report (ISO-2).
  std::string SendReport(const std::string& organization,
                         const std::string& identity);
  std::optional<v1::IncidentReport> Report(const std::string& name);
  bool Resolve(const std::string& name);
  // The account's escalations (first page; tests raise few).
  std::optional<std::vector<v1::Escalation>> Escalations(
      const std::string& account);
  // An ACCOUNT_ADMIN of `account` reached at `email` (no PSA: mailed).
  bool CreateAdmin(const std::string& account, const std::string& email);
  // A SOC analyst's HOST_ISOLATION_ORG_WIDE escalation: its name.
  std::string CreateEscalation(const std::string& account,
                               const std::string& organization);
  bool AnswerRetryAccess(const std::string& escalation);
  // "Integration fixed" on a PSA delivery escalation (ESC-8).
  bool AnswerIntegrationFixed(const std::string& escalation);
  // GetAccount: whether it answered with the account.
  bool AccountExists(const std::string& name);
  // A sign-in of `identity` from `country` now (ESC-2's login rules).
  bool RecordSignIn(const std::string& identity, const std::string& event_id,
                    const std::string& country);
  const std::string& error() const { return error_; }
  // The code of the last call that failed.
  grpc::StatusCode last_code() const { return last_code_; }

 private:
  void Prepare(grpc::ClientContext* context) const;
  bool Answer(const std::string& escalation,
              const v1::EscalationAnswer& answer);
  bool Check(const grpc::Status& status, const char* call);

  std::shared_ptr<grpc::Channel> channel_;
  std::string key_;
  std::string error_;
  grpc::StatusCode last_code_ = grpc::StatusCode::OK;
};

// Every action of `report` of one of `kinds` is SUCCEEDED, and there is one
// of each kind.
bool ActionsSucceeded(const v1::IncidentReport& report,
                      const std::vector<v1::ResponseAction::Kind>& kinds);
// Polls `name` on `server` until ActionsSucceeded or `deadline`; returns the
// last report read.
std::optional<v1::IncidentReport> WaitForActions(
    CordonServer& server, const std::string& name,
    const std::vector<v1::ResponseAction::Kind>& kinds,
    Steady::time_point deadline);

// What the walk-through created: identity i is ServedTenant::Upn(i), with
// an enabled forwarding rule ForwardRule(i) in the world.
struct Walkthrough {
  std::string account;
  std::string organization;
  std::vector<std::string> identities;
};
std::string ForwardRule(int user);
// Creates the account, the organization bound to kTenant, and `users`
// identities by hand, each with a forwarding rule; "" or what failed.
std::string SetUpWalkthrough(CordonApi& api, ServedTenant& tenant, int users,
                             Walkthrough* out);

// The isolation actions of ISO-3 for a cloud-only identity.
std::vector<v1::ResponseAction::Kind> IsolationKinds();

// Sends an isolation-worthy report about walk's first identity (ISO-2)
// and waits until its IsolationKinds() succeeded (40 s at most); "" or what
// went wrong, with the server's log. *report gets the report's name.
std::string IsolateFirst(CordonServer& server, CordonApi& api,
                         const Walkthrough& walk, std::string* report);

// The logged request is the effect `kind` on `upn`: a revoke, the account
// PATCH setting accountEnabled false (IDENTITY_DISABLED) or true
// (IDENTITY_RE_ENABLED), a rule PATCH setting isEnabled false; told by the
// PATCH switches the request log records, not by the order of paths. Reads
// do not count.
bool IsEffectOn(const nlohmann::json& request, const std::string& upn,
                v1::ResponseAction::Kind kind);

// (upn, kind) -> the request log's length when a test first saw the action
// SUCCEEDED: no entry from there on may repeat its effect.
using DoneMarks =
    std::map<std::pair<std::string, v1::ResponseAction::Kind>, size_t>;
// Each entry of `requests` (ServedTenant::Requests) that repeats a marked
// effect at or after its mark, described; empty when none does.
std::vector<std::string> RepeatsAfterDone(const nlohmann::json& requests,
                                          const DoneMarks& marks);

// The logged request turns one of `upn`'s inbox rules back on (ISO-5 says
// a release never does).
bool EnablesAnInboxRule(const nlohmann::json& request, const std::string& upn);

}  // namespace cordon::process_testing

#endif  // CORDON_TESTS_PROCESS_SERVED_CORDON_H_
