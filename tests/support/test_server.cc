#include "tests/support/test_server.h"

#include <stdlib.h>

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "server/store/rocks/rocks_database.h"
#include "tests/support/test_store.h"

namespace cordon::testing {

TestServer::TestServer(TestServerOptions options)
    : options_(std::move(options)) {
  std::string templ =
      (std::filesystem::temp_directory_path() / "cordon-test-XXXXXX").string();
  char* made = mkdtemp(templ.data());
  EXPECT_NE(made, nullptr);
  data_dir_ = templ;
  Open();
}

TestServer::~TestServer() {
  Stop();
  std::error_code ignored;
  std::filesystem::remove_all(data_dir_, ignored);
}

void TestServer::Open() {
  store::RocksDatabaseOptions db_options;
  db_options.file_system = options_.file_system;
  db_options.sync_writes = options_.sync_writes;
  auto db = OpenTestStore(data_dir_, db_options);
  EXPECT_TRUE(db.ok()) << db.status();
  db_ = std::move(*db);
  engine::EngineOptions engine_options;
  engine_options.worker.parallelism = options_.worker_parallelism;
  engine_options.event_retention = options_.event_retention;
  engine_options.dedup_retention = options_.dedup_retention;
  engine_options.backup_dir = options_.backup_dir;
  engine_ = std::make_unique<engine::Engine>(
      db_.get(),
      engine::Ports{&clock_, &entropy_, &graph_, &random_, &psa_, &mailbox_,
                    sealer_.get(), &resolver_},
      engine_options);
  // As cordon-server does before serving.
  EXPECT_TRUE(engine_->secrets_at_rest().CheckKey().ok());
  EXPECT_TRUE(engine_->secrets_at_rest().SealLegacySecrets().ok());
  auto created = engine_->api_keys().CreateBootstrapKeyOnce(
      [this](const std::string& token) {
        bootstrap_token_ = token;
        return absl::OkStatus();
      },
      [this] { bootstrap_token_.clear(); });
  EXPECT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(engine_->UpgradeOldStore().ok());
  EXPECT_TRUE(engine_->StartRetentionTimers().ok());
  api::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.events = options_.events;
  options.rate_limit = options_.rate_limit;
  options.max_message_bytes = options_.max_message_bytes;
  auto server = api::Server::Start(engine_.get(), options);
  EXPECT_TRUE(server.ok()) << server.status();
  server_ = std::move(*server);
  channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                 grpc::InsecureChannelCredentials());
}

void TestServer::Stop() {
  if (server_) server_->Shutdown(absl::ZeroDuration());
  server_.reset();
  engine_.reset();
  db_.reset();
}

void TestServer::Restart() {
  Stop();
  Open();
}

void TestServer::Reconfigure(const TestServerOptions& options) {
  options_ = options;
  Restart();
}

std::unique_ptr<grpc::ClientContext> TestServer::Context(
    const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  }
  return context;
}

}  // namespace cordon::testing
