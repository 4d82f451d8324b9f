#ifndef CORDON_TESTS_SUPPORT_TEST_SERVER_H_
#define CORDON_TESTS_SUPPORT_TEST_SERVER_H_

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "rocksdb/file_system.h"
#include "server/adapters/aes_gcm_sealer.h"
#include "server/api/server.h"
#include "server/engine/engine.h"
#include "server/store/database.h"
#include "simulator/event_log.h"
#include "simulator/fault_plan.h"
#include "simulator/random.h"
#include "simulator/simulated_graph.h"
#include "simulator/simulated_mailbox.h"
#include "simulator/simulated_psa.h"
#include "simulator/world.h"
#include "testing/fake_clock.h"
#include "testing/fake_endpoint_resolver.h"
#include "testing/fake_entropy.h"

namespace cordon::testing {

// What a test may set on the server it runs (cordon-server's flags).
struct TestServerOptions {
  absl::Duration event_retention = absl::ZeroDuration();
  absl::Duration dedup_retention = absl::ZeroDuration();
  api::EventServiceOptions events;
  // Per-key rate limit (none by default) and request size bound.
  core::RateLimit rate_limit;
  int max_message_bytes = api::ServerOptions{}.max_message_bytes;
  // The file system under the data dir (RocksDatabaseOptions::file_system);
  // nullptr for the machine's. A testing::FaultFileSystem fails the disk.
  std::shared_ptr<rocksdb::FileSystem> file_system;
  // The outbox worker's parallelism: 1 (call order replays) unless a test
  // exercises concurrent actions (production runs 8).
  int worker_parallelism = 1;
  // Commits synced to disk, as cordon-server does. Tests that make many
  // calls and do not restart (the authorization matrix) turn it off to save
  // an fsync per call.
  bool sync_writes = true;
  // cordon-server's --backup_dir (absolute, existing); "" takes no backups.
  std::string backup_dir;
};

// A whole cordon-server in the test process: a RocksDB database in a fresh
// temporary directory (or an etcd one, OpenTestStore in test_store.h), the
// engine on a fake clock and seeded entropy, the simulated Microsoft 365 world
// behind its Graph port, a simulated PSA and mailbox behind the Psa and Mailer
// ports, and the gRPC server on 127.0.0.1 port 0. Clients talk to it over a
// real loopback channel. The outbox worker is not started: a test performs
// queued actions with engine().worker().RunUntilIdle(), so nothing races.
class TestServer {
 public:
  // Starts on a new temporary data dir (removed by the destructor).
  TestServer() : TestServer(TestServerOptions{}) {}
  explicit TestServer(TestServerOptions options);
  ~TestServer();

  // Stops the server and closes the database without deleting anything,
  // then opens both again on the same data dir: a restart.
  void Restart();
  // Stops the server and closes the database (for tests that reopen the
  // data dir themselves).
  void Stop();
  // Restarts with `options` on the same data dir.
  void Reconfigure(const TestServerOptions& options);

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // A client context carrying `authorization: Bearer <token>`.
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token);
  // The SOC_ANALYST bootstrap token.
  const std::string& bootstrap_token() const { return bootstrap_token_; }
  const std::string& data_dir() const { return data_dir_; }
  ports::FakeClock& clock() { return clock_; }
  sim::World& world() { return world_; }
  // Graph's faults (none unless a test sets some). The on-prem agent is a
  // client of AgentService, as in production (ISO-15).
  sim::FaultPlan& faults() { return faults_; }
  // The outside world: survive Restart(), like world().
  sim::SimulatedPsa& psa() { return psa_; }
  sim::SimulatedMailbox& mailbox() { return mailbox_; }
  sim::EventLog& log() { return log_; }
  engine::Engine& engine() { return *engine_; }
  store::Database& database() { return *db_; }
  // The gRPC server (health checks: CheckStoreHealth).
  api::Server& server() { return *server_; }
  // PSA endpoint DNS: every host is public unless a test Set()s it.
  ports::FakeEndpointResolver& resolver() { return resolver_; }
  // Seals PSA secrets under a fixed test key with the seeded entropy.
  ports::SecretSealer& sealer() { return *sealer_; }

 private:
  void Open();

  std::string data_dir_;
  TestServerOptions options_;
  ports::FakeClock clock_;
  ports::SeededEntropy entropy_{42};
  sim::Random random_{42};
  sim::EventLog log_{&clock_};
  sim::World world_{&log_};
  sim::FaultPlan faults_{sim::FaultPlanConfig{}, &random_, &clock_};
  sim::SimulatedGraph graph_{&world_, &faults_, &log_, &random_};
  sim::SimulatedPsa psa_{&clock_, &log_};
  sim::SimulatedMailbox mailbox_{&clock_, &log_};
  ports::FakeEndpointResolver resolver_;
  std::unique_ptr<adapters::AesGcmSealer> sealer_ =
      *adapters::AesGcmSealer::Create(
          std::string(adapters::kSecretsKeyBytes, 'k'), &entropy_);
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<api::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::string bootstrap_token_;
};

}  // namespace cordon::testing

#endif  // CORDON_TESTS_SUPPORT_TEST_SERVER_H_
