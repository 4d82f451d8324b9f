// Issue 14, BackupService.CreateBackup over gRPC: a SOC analyst's backup is
// a consistent checkpoint in <--backup_dir>/<name> that opens as a data dir
// with what was committed before the call, audited provider-wide; bad
// names, names in use, a server without --backup_dir and every other role
// are refused precisely and leave nothing behind.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cordon/store/records.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/store/keys.h"
#include "server/store/rocks/rocks_database.h"
#include "testing/temp_dir.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace backup_service_test {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class BackupServiceTest : public ::testing::Test {
 protected:
  static testing::TestServerOptions WithBackups(const std::string& dir) {
    testing::TestServerOptions options;
    options.backup_dir = dir;
    return options;
  }

  grpc::Status Create(const std::string& name, v1::Backup* backup,
                      std::unique_ptr<grpc::ClientContext> context) {
    v1::CreateBackupRequest request;
    request.set_name(name);
    return api_.backups().CreateBackup(context.get(), request, backup);
  }
  grpc::Status Create(const std::string& name, v1::Backup* backup) {
    return Create(name, backup, api_.Soc());
  }

  // The names in the backup dir, hidden ones included.
  std::vector<std::string> InBackupDir() const {
    std::vector<std::string> names;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir())) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }
  const std::string& dir() const { return backups_.path(); }

  // A copy of the backup at `path`, opened as a data dir (restore).
  std::unique_ptr<store::RocksDatabase> OpenCopy(const std::string& path) {
    const std::string copy = copies_.path() + "/restored";
    fs::copy(path, copy, fs::copy_options::recursive);
    auto db = store::RocksDatabase::Open(copy);
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }
  // The display name of `account` in `db`; "" when it has no such account.
  static std::string DisplayName(const store::Database& db,
                                 const std::string& account) {
    const uint64_t id = core::ParseAccountName(account)->account;
    absl::StatusOr<std::string> row =
        db.Get(store::Family::kAccounts, store::KeyOf({id}));
    cordon::store::AccountRecord record;
    if (!row.ok() || !record.ParseFromString(*row)) return "";
    return record.account().display_name();
  }

  cordon::testing::TempDir backups_;
  cordon::testing::TempDir copies_;
  testing::TestServer server_{WithBackups(backups_.path())};
  testing::ApiClient api_{&server_};
};

TEST_F(BackupServiceTest, ABackupOpensAsADataDirWithWhatCameBeforeIt) {
  const std::string before = api_.CreateAccount("Before MSP");
  v1::Backup backup;
  ASSERT_TRUE(Create("nightly-1", &backup).ok());
  const std::string after = api_.CreateAccount("After MSP");

  EXPECT_EQ(backup.name(), "nightly-1");
  EXPECT_EQ(backup.path(), dir() + "/nightly-1");
  EXPECT_EQ(backup.create_time().seconds(),
            absl::ToUnixSeconds(server_.clock().Now()));
  int64_t files = 0, bytes = 0;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(backup.path())) {
    ++files;
    bytes += static_cast<int64_t>(entry.file_size());
  }
  EXPECT_EQ(backup.file_count(), files);
  EXPECT_EQ(backup.size_bytes(), bytes);
  EXPECT_EQ(InBackupDir(), std::vector<std::string>{"nightly-1"});
  const std::unique_ptr<store::RocksDatabase> copy = OpenCopy(backup.path());
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(DisplayName(*copy, before), "Before MSP");
  EXPECT_EQ(DisplayName(*copy, after), "");
}

TEST_F(BackupServiceTest, EachBackupIsAuditedInTheProviderWideLog) {
  v1::Backup backup;
  ASSERT_TRUE(Create("audited", &backup).ok());
  v1::ListAuditEventsRequest list;  // parent "": the provider-wide log
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(
      api_.audit().ListAuditEvents(api_.Soc().get(), list, &events).ok());
  ASSERT_GE(events.audit_events_size(), 1);
  const v1::AuditEvent& event = events.audit_events(0);
  EXPECT_EQ(event.method(), "/cordon.v1.BackupService/CreateBackup");
  EXPECT_EQ(event.resource(), "backups/audited");
  EXPECT_EQ(event.outcome(), "OK");
  EXPECT_THAT(event.summary(), HasSubstr(backup.path()));
  EXPECT_THAT(event.summary(),
              HasSubstr(absl::StrCat(backup.file_count(), " files")));
}

TEST_F(BackupServiceTest, Rule5ABadNameIsInvalidArgumentNamingTheField) {
  for (const std::string& name :
       {std::string(), std::string(65, 'a'), std::string("Nightly"),
        std::string("../escape"), std::string(".partial"),
        std::string("a/b")}) {
    v1::Backup backup;
    const grpc::Status status = Create(name, &backup);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_EQ(testing::BadFieldOf(status), "name") << name;
    EXPECT_THAT(status.error_message(), HasSubstr("name: ")) << name;
  }
  EXPECT_TRUE(InBackupDir().empty());
}

TEST_F(BackupServiceTest, Rule5ANameInUseIsAlreadyExistsAndKeepsTheFirst) {
  v1::Backup first, second;
  ASSERT_TRUE(Create("weekly", &first).ok());
  const grpc::Status status = Create("weekly", &second);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(testing::ReasonOf(status), "BACKUP_EXISTS");
  EXPECT_EQ(testing::BadFieldOf(status), "name");
  EXPECT_EQ(InBackupDir(), std::vector<std::string>{"weekly"});
  EXPECT_TRUE(fs::exists(first.path() + "/CURRENT"));
}

TEST_F(BackupServiceTest, WithoutBackupDirItIsFailedPreconditionNamingTheFlag) {
  server_.Reconfigure(testing::TestServerOptions{});
  api_.Connect();
  v1::Backup backup;
  const grpc::Status status = Create("nightly", &backup);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(status), "BACKUP_DIR_NOT_SET");
  EXPECT_THAT(status.error_message(), HasSubstr("--backup_dir"));
}

// It copies every account's data: SOC analysts only (docs/api.md).
TEST_F(BackupServiceTest, Ten1EveryoneButSocAnalystsIsPermissionDenied) {
  const std::string account = api_.CreateAccount("MSP");
  const std::string org = api_.CreateOrganization(account, "Contoso");
  const std::vector<std::string> tokens = {
      api_.KeyFor(api_.CreateUser(account, v1::ACCOUNT_ADMIN)),
      api_.KeyFor(api_.CreateUser(account, v1::ACCOUNT_USER)),
      api_.KeyFor(api_.CreateUser(account, v1::ORGANIZATION_USER, org)),
      api_.ProviderKey(v1::SERVICE), api_.AgentKey(org)};
  for (const std::string& token : tokens) {
    v1::Backup backup;
    const grpc::Status status = Create("stolen", &backup, api_.Context(token));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_TRUE(InBackupDir().empty());
  v1::Backup backup;
  EXPECT_TRUE(
      Create("stolen", &backup, api_.Context(api_.ProviderKey(v1::SOC_ANALYST)))
          .ok());
}

}  // namespace backup_service_test
}  // namespace cordon
