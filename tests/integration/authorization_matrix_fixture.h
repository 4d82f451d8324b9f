#ifndef CORDON_TESTS_INTEGRATION_AUTHORIZATION_MATRIX_FIXTURE_H_
#define CORDON_TESTS_INTEGRATION_AUTHORIZATION_MATRIX_FIXTURE_H_

// TEN-1 and the roles of DOMAIN.md as one table, built so that it cannot
// miss an RPC: every row names its method by its descriptor, and the test
// enumerates every method of package cordon.v1 from the linked protos and
// fails for one without a row. Each row says which code each kind of
// principal must get against its own account and another one; a refused call
// must change nothing.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/support/api_client.h"
#include "tests/support/test_server.h"

namespace cordon::authorization_matrix {

using grpc::StatusCode;
inline constexpr StatusCode OK = StatusCode::OK;
inline constexpr StatusCode NF = StatusCode::NOT_FOUND;
inline constexpr StatusCode PD = StatusCode::PERMISSION_DENIED;
inline constexpr StatusCode FP = StatusCode::FAILED_PRECONDITION;
inline constexpr StatusCode UA = StatusCode::UNAUTHENTICATED;

// The resources of one account that calls aim at.
struct Target {
  std::string account;
  std::string organization;
  std::string identity;
  std::string user;               // an ACCOUNT_USER of the account
  std::string escalation;         // an open HOST_ISOLATION_ORG_WIDE one
  std::string account_rule;       // an access rule at account scope
  std::string organization_rule;  // an access rule at organization scope
  std::string draft_report;       // an incident report still DRAFT
  std::string soc_alert;          // a SOC alert about the account
  // What a row's `prepare` made for its call (a key to revoke, an open
  // escalation to answer, a rule to delete).
  std::string fresh;
};

// Every kind of principal the server knows: the six roles, and callers that
// are not authenticated at all (no key, a key that never existed, a revoked
// key).
enum class Caller {
  kSoc,
  kService,
  kAdmin,
  kUser,
  kOrgUser,
  kAgent,
  kAnonymous,
  kForged,
  kRevoked
};

// What each caller must get. "own" = the caller's account (for the
// organization user: its own organization); "other" = another account.
// ISO-15: an agent key (of the own account's organization) may call
// AgentService for that organization and nothing else, so its cells are
// PERMISSION_DENIED unless a row says otherwise. A caller that is not
// authenticated is UNAUTHENTICATED everywhere.
struct Expected {
  StatusCode soc, service, admin_own, admin_other, user_own, user_other,
      org_own, org_other;
  StatusCode agent_own = PD, agent_other = PD;
  StatusCode unauthenticated = UA;
};

// One column of the matrix: a caller against its own or another account.
struct Cell {
  Caller caller;
  const char* name;
  bool own;
  StatusCode Expected::*expected;
};
// Every caller, own and other account.
const std::vector<Cell>& Cells();

using Call =
    std::function<grpc::Status(const std::string& token, const Target& target)>;

struct Row {
  // The RPC, found in the generated descriptor pool (null when the name a
  // row gave is not a cordon.v1 method: the coverage test fails then).
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::string rpc;      // Service.Method as the row named it
  std::string variant;  // what distinguishes rows of one method, or ""
  Call call;
  Expected expected;
  // If set, runs as the SOC before each cell (and before its snapshot) and
  // sets target.fresh: calls that use up what they act on get a new one.
  std::function<void(Target& target)> prepare;

  // "Service.Method(variant)", for failure messages.
  std::string Label() const;
  // "/cordon.v1.Service/Method", as the audit trail names it.
  std::string AuditMethod() const;
};

// Collects the matrix rows of one service at a time. An rpc is "Method" or
// "Method(variant)" of the service last named with Service().
class RowList {
 public:
  void Service(std::string service) { service_ = std::move(service); }
  void Add(const std::string& rpc, Expected expected, Call call) {
    AddPrepared(rpc, expected, nullptr, std::move(call));
  }
  void AddPrepared(const std::string& rpc, Expected expected,
                   std::function<void(Target&)> prepare, Call call);
  std::vector<Row> Take() { return std::move(rows_); }

 private:
  std::string service_;
  std::vector<Row> rows_;
};

// The server, two accounts (own and other), a sibling organization of the
// own account, a token for each caller, and the rows.
class MatrixFixture : public ::testing::Test {
 protected:
  void SetUp() override;

  static std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) {
    return testing::TestServer::Context(token);
  }
  std::string Soc() const { return server_.bootstrap_token(); }

  // Every row, in the order the matrix lists them.
  std::vector<Row> Rows();

  // Runs the cells of `row` (Cells()) and checks each (code; a refused call
  // changes nothing). Returns the number of cells run.
  int RunRow(const Row& row);
  // For each caller bound to an account, calls `row` on the other account's
  // existing resources and on names of the same shape that name nothing,
  // and checks both answers are identical but for the names; the same for
  // the organization user and a sibling organization, and for a provider
  // key the row refuses everywhere. Returns the number of comparisons.
  int CompareForeignWithMissing(const Row& row);
  void CompareOne(const Row& row, Caller caller, const char* who,
                  Target& foreign, Target (*missing)(const Target&));

  // Every stored row but the audit trail and id bookkeeping (meta). Every
  // other family, including ones added later, is compared.
  std::string Snapshot();
  // The keys of the audit trail.
  std::set<std::string> AuditKeys();
  // A refused call may only add audit events of its own failure, in the
  // caller's own trail (TEN-1: a probe of another account never shows up in
  // that account's trail).
  void ExpectOnlyOwnFailureAudited(const std::set<std::string>& before,
                                   const Row& row, Caller caller,
                                   const std::string& where);

  // Nothing here restarts, so commits need not wait for the disk. Backups
  // (BackupService) go to `backup_dir`.
  static testing::TestServerOptions Unsynced(const std::string& backup_dir) {
    testing::TestServerOptions options;
    options.sync_writes = false;
    options.backup_dir = backup_dir;
    return options;
  }
  testing::TempDir backups_{testing::TempDir::Where::kMemoryIfAvailable};
  testing::TestServer server_{Unsynced(backups_.path())};
  testing::ApiClient api_{&server_};
  Target own_, other_;
  // own_ with its organization-level resources in a second organization of
  // the own account: foreign to the organization user only.
  Target sibling_;
  std::map<Caller, std::string> tokens_;
  // The account name whose trail a caller's refused calls go to ("" for
  // provider keys; absent for callers that are not authenticated).
  std::map<Caller, std::string> audit_account_;
  int counter_ = 0;

  // --- Set-up helpers (authorization_matrix_fixture.cc) ---
  Target MakeAccount(const std::string& display_name);
  // The organization-level resources of `t` in a new organization of
  // t.account.
  void MakeOrganization(Target& t);
  std::string NewSocAlert(const Target& t);
  std::string NewReport(const Target& t, bool send);
  std::string NewEscalation(const Target& t);
  std::string NewRule(const std::string& scope);
  cordon::v1::AccessRule VpnRule();
  cordon::v1::RecordSignInRequest QuietSignIn(const Target& t);
  cordon::v1::RecordEndpointStatusRequest QuietEndpoint(const Target& t);
  std::string MakeUser(const Target& t, cordon::v1::Role role,
                       const std::string& organization, const std::string& who);
  std::string UserKey(const Target& t, cordon::v1::Role role,
                      const std::string& organization, const std::string& who);
  std::string RevokedKey(const Target& t);
  std::string FreshKeyName(const Target& target);
  // Opens a WatchEvents stream and reads its first message: OK when it is
  // the BOOKMARK every admitted stream starts with, else how it ended.
  grpc::Status Watch(const std::string& token,
                     const cordon::v1::WatchEventsRequest& request);
  // Opens a ReceiveCommands stream: OK when the server admitted it (it sends
  // its headers at once then), else how it ended.
  grpc::Status Receive(const std::string& token,
                       const cordon::v1::ReceiveCommandsRequest& request);

 private:
  // The rows of one service each (authorization_matrix_rows.cc).
  void AddAccountRows(RowList& rows);
  void AddOrganizationRows(RowList& rows);
  void AddIdentityRows(RowList& rows);
  void AddUserRows(RowList& rows);
  void AddApiKeyRows(RowList& rows);
  void AddAuditRows(RowList& rows);
  void AddIncidentRows(RowList& rows);
  void AddEscalationRows(RowList& rows);
  // Create, get and list; then update and delete.
  void AddAccessRuleRows(RowList& rows);
  void AddAccessRuleChangeRows(RowList& rows);
  void AddTelemetryRows(RowList& rows);
  void AddManualIsolationRows(RowList& rows);
  void AddSocAlertRows(RowList& rows);
  void AddStatusRows(RowList& rows);
  void AddBackupRows(RowList& rows);
  void AddAgentKeyRows(RowList& rows);
  void AddAgentRows(RowList& rows);
  void AddEventRows(RowList& rows);
};

// Every method of every service of package cordon.v1 in the linked protos
// (the generated descriptor pool), as "Service.Method".
std::vector<std::string> CordonV1Methods();

// `t` with every resource name replaced by one of the same shape that names
// nothing: each id in it becomes an id no resource has.
Target MissingLike(const Target& t);
// `t` with every resource name but the account's replaced by a child that
// does not exist of the same parents: only the last id in each name changes.
Target MissingChildLike(const Target& t);
// `t` with the names inside its organization replaced by names of the same
// shape in an organization of the same account that does not exist.
Target MissingOrganizationLike(const Target& t);
// A failed call's code, message and google.rpc.Status details as text, with
// every id of a resource name (the digits after a '/') replaced by "{id}".
std::string NormalizedStatus(const grpc::Status& status);

}  // namespace cordon::authorization_matrix

#endif  // CORDON_TESTS_INTEGRATION_AUTHORIZATION_MATRIX_FIXTURE_H_
