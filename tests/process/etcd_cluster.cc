#include "tests/process/etcd_cluster.h"

#include <signal.h>

#include <chrono>
#include <regex>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "testing/temp_dir.h"

namespace cordon::process_testing {
namespace {

constexpr auto kStartBound = std::chrono::seconds(30);
// What a member logs once it serves clients (etcd 3.4, zap logger).
constexpr char kServing[] = "serving client traffic";

std::string Url(int port) { return absl::StrCat("http://127.0.0.1:", port); }

}  // namespace

absl::StatusOr<std::unique_ptr<EtcdCluster>> EtcdCluster::Start(
    const std::string& dir, int members, std::optional<EtcdServerTls> tls) {
  // A free port may be taken before etcd binds it (another test's
  // outgoing connection draws from the same range): new ports, a few
  // times, each try in a directory of its own.
  absl::StatusOr<std::unique_ptr<EtcdCluster>> cluster;
  for (int attempt = 0; attempt < 3; ++attempt) {
    cluster = StartOnce(attempt == 0 ? dir : absl::StrCat(dir, "/try", attempt),
                        members, tls);
    if (cluster.ok() || !absl::StrContains(cluster.status().message(),
                                           "address already in use")) {
      break;
    }
  }
  return cluster;
}

absl::StatusOr<std::unique_ptr<EtcdCluster>> EtcdCluster::StartOnce(
    const std::string& dir, int members,
    const std::optional<EtcdServerTls>& tls) {
  std::unique_ptr<EtcdCluster> cluster(new EtcdCluster(dir));
  cluster->tls_ = tls;
  std::vector<std::string> peers;
  for (int i = 0; i < members; ++i) {
    Member member;
    member.name = absl::StrCat("m", i);
    member.client_port = FreePort();
    member.peer_port = FreePort();
    if (member.client_port == 0 || member.peer_port == 0) {
      return absl::UnavailableError("no free port on 127.0.0.1");
    }
    peers.push_back(absl::StrCat(member.name, "=", Url(member.peer_port)));
    cluster->members_.push_back(std::move(member));
  }
  cluster->initial_cluster_ = absl::StrJoin(peers, ",");
  // All members first, then the waits: each needs a quorum to be ready.
  for (int i = 0; i < members; ++i) {
    if (absl::Status s = cluster->Launch(i, /*fresh=*/true); !s.ok()) return s;
  }
  for (Member& member : cluster->members_) {
    if (!member.process->WaitForLine(std::regex(kServing),
                                     Steady::now() + kStartBound)) {
      return absl::UnavailableError(absl::StrCat(
          "etcd ", member.name, " did not serve: ", member.process->output()));
    }
  }
  return cluster;
}

absl::Status EtcdCluster::Launch(int index, bool fresh) {
  Member& member = members_[index];
  const std::string client_url =
      tls_.has_value() ? absl::StrCat("https://127.0.0.1:", member.client_port)
                       : Url(member.client_port);
  std::vector<std::string> args = {
      CORDON_ETCD_BIN,
      "--name",
      member.name,
      "--data-dir",
      absl::StrCat(dir_, "/", member.name),
      "--listen-client-urls",
      client_url,
      "--advertise-client-urls",
      client_url,
      "--listen-peer-urls",
      Url(member.peer_port),
      "--initial-advertise-peer-urls",
      Url(member.peer_port),
      "--initial-cluster",
      initial_cluster_,
      "--initial-cluster-state",
      fresh ? "new" : "existing",
      "--initial-cluster-token",
      absl::StrCat("cordon-test-", members_[0].peer_port),
      "--heartbeat-interval",
      "25",
      "--election-timeout",
      "250",
      "--max-txn-ops",
      "10000",
      "--logger",
      "zap",
      "--log-outputs",
      "stderr"};
  if (tls_.has_value()) {
    for (const std::string& flag :
         {"--cert-file=" + tls_->cert_file, "--key-file=" + tls_->key_file,
          "--trusted-ca-file=" + tls_->ca_file,
          std::string("--client-cert-auth")}) {
      args.push_back(flag);
    }
  }
  member.process = std::make_unique<ChildProcess>(std::move(args));
  if (!member.process->started()) {
    return absl::UnavailableError("could not start " CORDON_ETCD_BIN);
  }
  return absl::OkStatus();
}

std::vector<std::string> EtcdCluster::endpoints() const {
  std::vector<std::string> endpoints;
  for (const Member& member : members_) {
    endpoints.push_back(absl::StrCat("127.0.0.1:", member.client_port));
  }
  return endpoints;
}

void EtcdCluster::Kill(int index) { members_[index].process->Kill(); }

void EtcdCluster::Pause(int index) { members_[index].process->Signal(SIGSTOP); }

void EtcdCluster::Resume(int index) {
  members_[index].process->Signal(SIGCONT);
}

absl::Status EtcdCluster::Restart(int index) {
  if (absl::Status s = Launch(index, /*fresh=*/false); !s.ok()) return s;
  Member& member = members_[index];
  if (!member.process->WaitForLine(std::regex(kServing),
                                   Steady::now() + kStartBound)) {
    return absl::UnavailableError(
        absl::StrCat("etcd ", member.name,
                     " did not serve again: ", member.process->output()));
  }
  return absl::OkStatus();
}

std::string EtcdCluster::output(int index) const {
  return members_[index].process->output();
}

absl::StatusOr<const EtcdCluster*> SharedEtcdCluster() {
  struct Shared {
    // Declared first, so removed last: after the member is stopped.
    testing::TempDir dir;
    absl::StatusOr<std::unique_ptr<EtcdCluster>> cluster =
        EtcdCluster::Start(dir.path(), 1);
  };
  static Shared shared;
  if (!shared.cluster.ok()) return shared.cluster.status();
  return shared.cluster->get();
}

absl::StatusOr<store::LeaderTerm> StartNewLeaderTerm(
    const store::EtcdDatabase& db) {
  etcdserverpb::TxnRequest gone;  // etcd takes one op per key per Txn
  gone.add_success()->mutable_request_delete_range()->set_key(db.leader_key());
  if (auto done = db.client().Txn(gone); !done.ok()) return done.status();
  etcdserverpb::TxnRequest created;
  etcdserverpb::PutRequest* put = created.add_success()->mutable_request_put();
  put->set_key(db.leader_key());
  put->set_value("test leader");
  absl::StatusOr<etcdserverpb::TxnResponse> done = db.client().Txn(created);
  if (!done.ok()) return done.status();
  return store::LeaderTerm{done->header().revision()};
}

}  // namespace cordon::process_testing
